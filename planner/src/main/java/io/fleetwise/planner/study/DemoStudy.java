package io.fleetwise.planner.study;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.Slo;

import java.util.List;

/**
 * The study a first run opens, chosen to show what Fleetwise is for: Llama-3.1-70B chat traffic (the chat preset at
 * 8 requests/s, TTFT 500 ms / TPOT 50 ms for 90% of requests) on servers of two GPU types, 8x H100-SXM and
 * 8x A100-80GB-SXM. It is the Mélange setting: the cheaper A100s serve short requests well but cannot meet the SLO on
 * long prompts, which need H100s, so the cheapest fleet the allocator finds is a mix, cheaper than either type alone
 * (computed, never stored here; ReportCommandTest keeps that property true as capacity predictions and prices change).
 * An earlier demo also had a 4x L4 node, which cannot hold the 70B model with a usable KV cache and only made the
 * Fleet area refuse to solve.
 */
public final class DemoStudy {

    public static final String NAME = "Demo study";

    private DemoStudy() {
    }

    public static StudyDocument create(Catalog catalog) {
        List<NodeGroup> groups = List.of(
                group("H100 node", catalog.gpu("H100-SXM"), 8, Interconnect.INFINIBAND_NDR),
                group("A100 node", catalog.gpu("A100-80GB-SXM"), 8, Interconnect.INFINIBAND_NDR));
        return StudyDocument.empty(NAME)
                .withDescription("Serve Llama-3.1-70B chat traffic on H100 and A100 servers at the lowest cost per hour")
                .withCluster("demo cluster", groups)
                .withModelName("Llama-3.1-70B")
                .withWorkload(WorkloadSpec.preset("chat", 8.0))
                .withSlo(Slo.of(500, 50, 0.9));
    }

    private static NodeGroup group(String name, GpuType gpu, int gpusPerNode, Interconnect nic) {
        return new NodeGroup(name, new Node(gpu, gpusPerNode, Interconnect.intraNodeOf(gpu), nic), 1, 0);
    }
}
