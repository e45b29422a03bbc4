package io.fleetwise.planner.study;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.Slo;

import java.util.List;

/**
 * The study a first run opens: Llama-3.1-70B on one 8x H100-SXM node, one 8x A100-80GB-SXM node and one 4x L4
 * (PCIe) node, the chat preset at 3 requests/s (what the H100 and A100 nodes can serve under the SLO; the L4s cannot hold the model), and TTFT 500 ms / TPOT 50 ms for 90% of requests.
 */
public final class DemoStudy {

    public static final String NAME = "Demo study";
    /** 100 Gb/s Ethernet: the usual NIC of an inference-class L4 server (12.5 GB/s per direction). */
    private static final Interconnect ETHERNET_100G = new Interconnect("Ethernet 100G", 12.5, 10.0);

    private DemoStudy() {
    }

    public static StudyDocument create(Catalog catalog) {
        List<NodeGroup> groups = List.of(
                group("H100 node", catalog.gpu("H100-SXM"), 8, Interconnect.INFINIBAND_NDR),
                group("A100 node", catalog.gpu("A100-80GB-SXM"), 8, Interconnect.INFINIBAND_NDR),
                group("L4 node", catalog.gpu("L4"), 4, ETHERNET_100G));
        return StudyDocument.empty(NAME)
                .withDescription("Serve Llama-3.1-70B on a mix of H100, A100 and L4 GPUs")
                .withCluster("demo cluster", groups)
                .withModelName("Llama-3.1-70B")
                .withWorkload(WorkloadSpec.preset("chat", 3.0))
                .withSlo(Slo.of(500, 50, 0.9));
    }

    private static NodeGroup group(String name, GpuType gpu, int gpusPerNode, Interconnect nic) {
        return new NodeGroup(name, new Node(gpu, gpusPerNode, Interconnect.intraNodeOf(gpu), nic), 1, 0);
    }
}
