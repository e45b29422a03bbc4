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
 * 12 requests/s, TTFT 500 ms / TPOT 50 ms for 90% of requests) on servers of two GPU types, 8x H100-SXM and
 * 8x H200-SXM. The H200 holds the 70B model on two GPUs (141 GB each) where the H100 needs four: a two-GPU H200
 * replica is the cheapest way to serve short prompts, while long prompts meet the TTFT target only on wide H100
 * replicas. So the cheapest fleet the allocator finds is a mix, cheaper than either type alone (computed, never
 * stored here; ReportCommandTest keeps that property true as capacity predictions and prices change). At 8 requests/s
 * that mix was one H100 replica of each size, hence 12.
 * Earlier demos: a 4x L4 node could not hold the 70B model with a usable KV cache and made the Fleet area refuse to
 * solve; 8x A100-80GB stopped being part of the cheapest fleet once the vLLM v1 engine profile became the default.
 */
public final class DemoStudy {

    public static final String NAME = "Demo study";

    private DemoStudy() {
    }

    public static StudyDocument create(Catalog catalog) {
        List<NodeGroup> groups = List.of(
                group("H100 node", catalog.gpu("H100-SXM"), 8, Interconnect.INFINIBAND_NDR),
                group("H200 node", catalog.gpu("H200-SXM"), 8, Interconnect.INFINIBAND_NDR));
        return StudyDocument.empty(NAME)
                .withDescription("Serve Llama-3.1-70B chat traffic on H100 and H200 servers at the lowest cost per hour")
                .withCluster("demo cluster", groups)
                .withModelName("Llama-3.1-70B")
                .withWorkload(WorkloadSpec.preset("chat", 12.0))
                .withSlo(Slo.of(500, 50, 0.9));
    }

    private static NodeGroup group(String name, GpuType gpu, int gpusPerNode, Interconnect nic) {
        return new NodeGroup(name, new Node(gpu, gpusPerNode, Interconnect.intraNodeOf(gpu), nic), 1, 0);
    }
}
