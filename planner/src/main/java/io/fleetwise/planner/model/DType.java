package io.fleetwise.planner.model;

import java.util.Locale;

/** Numeric formats for weights, KV cache and activations, with their storage size. */
public enum DType {
    FP32(4.0),
    BF16(2.0),
    FP16(2.0),
    FP8(1.0),
    INT8(1.0),
    INT4(0.5);

    private final double bytes;

    DType(double bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element; INT4 packs two elements per byte. */
    public double bytes() {
        return bytes;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the names users type (bf16, FP8, int4 ...); the message lists what is accepted. */
    public static DType parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        switch (t) {
            case "BFLOAT16": return BF16;
            case "FLOAT16": case "HALF": return FP16;
            case "FLOAT32": case "FLOAT": return FP32;
            case "FP8_E4M3": case "E4M3": return FP8;
            default:
                for (DType d : values()) {
                    if (d.name().equals(t)) {
                        return d;
                    }
                }
                throw new IllegalArgumentException("Unknown dtype '" + text + "'. Use one of: fp32, bf16, fp16, fp8, int8, int4.");
        }
    }
}
