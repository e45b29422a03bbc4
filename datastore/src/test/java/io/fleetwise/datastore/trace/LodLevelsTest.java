package io.fleetwise.datastore.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LodLevelsTest {
    @Test
    void sliceBucketsAreOneToFourPixelsWide() {
        for (double nsPerPixel : new double[] {70, 100, 255, 256, 257, 1000, 4096, 4097, 1e6, 4.4e6}) {
            int level = LodLevels.levelForResolution(nsPerPixel);
            assertThat(level).as("%s ns/px", nsPerPixel).isGreaterThanOrEqualTo(0);
            double px = LodLevels.bucketNs(level) / nsPerPixel;
            assertThat(px).as("bucket width in px at %s ns/px", nsPerPixel).isBetween(1.0, 4.0);
            assertThat(px).isLessThan(4.0);
        }
    }

    @Test
    void zoomedInBeyondFourPixelsPerLevelZeroBucketReadsRawSlices() {
        assertThat(LodLevels.levelForResolution(64)).isEqualTo(-1);
        assertThat(LodLevels.levelForResolution(10)).isEqualTo(-1);
    }

    @Test
    void counterBucketsAreHalfToTwoPixelsWide() {
        for (double nsPerPixel : new double[] {128, 200, 1000, 4096, 1e6}) {
            double px = LodLevels.bucketNs(LodLevels.counterLevelForResolution(nsPerPixel)) / nsPerPixel;
            assertThat(px).as("counter bucket width in px at %s ns/px", nsPerPixel).isBetween(0.5, 2.0);
        }
        assertThat(LodLevels.counterLevelForResolution(100)).isEqualTo(-1);
    }

    @Test
    void levelsAreStoredDownToOneSlicePerBucket() {
        // 1000 slices over 256,000 ns: level 0 has 1001 buckets (too many), level 1 has 251.
        assertThat(LodLevels.minStoredLevel(1000, 256_000)).isEqualTo(1);
        assertThat(LodLevels.minStoredLevel(1001, 256_000)).isEqualTo(0);
    }
}
