package io.fleetwise.views.cluster;

/** The intra-node link a node group uses. */
public enum LinkKind {
    NVLINK("NVLink"), PCIE("PCIe");

    private final String label;

    LinkKind(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
