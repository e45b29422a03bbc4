package io.fleetwise.executor.kernels;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Bf16Test {
    @Test
    void roundsToNearestEvenOnTheUpperSixteenBits() {
        assertThat(Bf16.round(1.0f)).isEqualTo(1.0f);
        // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: ties go to the even mantissa (1.0).
        assertThat(Bf16.round(1.0f + 1f / 256f)).isEqualTo(1.0f);
        assertThat(Bf16.round(1.0f + 3f / 256f)).isEqualTo(1.0f + 4f / 256f);
        assertThat(Bf16.round(3.14159265f)).isEqualTo(3.140625f);
        assertThat(Bf16.value(Bf16.bits(-2.5f))).isEqualTo(-2.5f);
        assertThat(Float.isNaN(Bf16.round(Float.NaN))).isTrue();
    }

    @Test
    void syntheticValuesAreDeterministicUniformAndCentred() {
        double sum = 0;
        float min = 1, max = -1;
        for (int i = 0; i < 100_000; i++) {
            float v = SyntheticValues.uniform(7, i);
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            assertThat(SyntheticValues.uniform(7, i)).isEqualTo(v);
        }
        assertThat(sum / 100_000).isBetween(-0.01, 0.01);
        assertThat(min).isGreaterThanOrEqualTo(-1f).isLessThan(-0.999f);
        assertThat(max).isLessThan(1f).isGreaterThan(0.999f);
        assertThat(SyntheticValues.uniform(7, 1)).isNotEqualTo(SyntheticValues.uniform(8, 1));
    }
}
