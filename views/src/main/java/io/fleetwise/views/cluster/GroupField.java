package io.fleetwise.views.cluster;

/** The editable fields of a node group, as the property sheet lists them. */
public enum GroupField {
    NAME("Name", "Node group name, unique in the cluster"),
    GPUS_PER_NODE("GPUs per node", "GPUs in one server (1-16)"),
    NODES("Nodes", "Number of identical servers"),
    INTRA_LINK("Intra-node link", "How GPUs in a server talk: NVLink (where the GPU has it) or PCIe"),
    INTRA_BANDWIDTH_GBPS("Intra-node GB/s", "One-direction bandwidth per GPU of the intra-node link"),
    NIC_BANDWIDTH_GBPS("NIC GB/s", "One-direction network bandwidth per GPU between nodes (InfiniBand NDR = 50)"),
    AVAILABILITY_CAP_GPUS("GPU cap (0 = all)", "Most GPUs of this group a plan may use; 0 = all");

    private final String label;
    private final String help;

    GroupField(String label, String help) {
        this.label = label;
        this.help = help;
    }

    public String label() {
        return label;
    }

    public String help() {
        return help;
    }
}
