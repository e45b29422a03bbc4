package io.fleetwise.executor.device;

/** Element formats the kernels read and write: bf16 activations and weights, fp32 router weights, int32 indices. */
public enum ElementType {
    BF16(2),
    F32(4),
    I32(4);

    private final int bytes;

    ElementType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
