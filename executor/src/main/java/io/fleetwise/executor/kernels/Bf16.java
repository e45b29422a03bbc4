package io.fleetwise.executor.kernels;

/** bfloat16 storage emulation: the upper 16 bits of an IEEE float, rounded to nearest even (as __float2bfloat16). */
public final class Bf16 {
    private Bf16() {
    }

    public static short bits(float value) {
        int b = Float.floatToRawIntBits(value);
        if ((b & 0x7f800000) == 0x7f800000 && (b & 0x007fffff) != 0) {
            return (short) ((b >>> 16) | 0x40); // quiet NaN
        }
        int lsb = (b >>> 16) & 1;
        return (short) ((b + 0x7fff + lsb) >>> 16);
    }

    public static float value(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** The float a bf16 store of {@code value} would read back as. */
    public static float round(float value) {
        return value(bits(value));
    }

    /** Relative spacing of bf16 values near 1: 2^-8 (8 significant bits). */
    public static final float EPSILON = 1f / 256f;
}
