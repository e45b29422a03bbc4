package io.fleetwise.datastore.trace.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PixelReducerTest {
    private static TrackWindow window(SliceColumns slices, DensityColumns density) {
        return new TrackWindow(1, 0, 1000, 1, density == null ? -1 : density.level(), slices, density, new CounterColumns(), new InstantColumns());
    }

    @Test
    void subPixelSlicesInAdjacentColumnsMergeIntoOneRun() {
        SliceColumns s = new SliceColumns();
        for (int i = 0; i < 100; i++) {
            s.add(i, 100 + i * 10L, 5, 0, 7); // 0.5 px wide, one per pixel for 100 px at 10 ns/px
        }
        ReducedTrack out = new PixelReducer().reduce(window(s, null), new Viewport(0, 1000), 100, 1, new ReducedTrack());
        assertThat(out.rectCount()).isZero();
        assertThat(out.runCount()).isEqualTo(1);
        assertThat(out.runX(0)).isEqualTo(10.0);
        assertThat(out.runW(0)).isEqualTo(90.0);
    }

    @Test
    void slicesWiderThanAPixelStayRectanglesClippedToTheView() {
        SliceColumns s = new SliceColumns();
        s.add(1, -500, 1000, 0, 3);
        s.add(2, 600, 50, 1, 4);
        ReducedTrack out = new PixelReducer().reduce(window(s, null), new Viewport(0, 1000), 100, 2, new ReducedTrack());
        assertThat(out.rectCount()).isEqualTo(2);
        assertThat(out.rectX(0)).isEqualTo(-1.0);
        assertThat(out.rectW(0)).isCloseTo(51.0, within(1e-9));
        assertThat(out.rectX(1)).isCloseTo(60.0, within(1e-9));
        assertThat(out.rectW(1)).isCloseTo(5.0, within(1e-9));
        assertThat(out.rectDepth(1)).isEqualTo(1);
        assertThat(out.rectSliceId(1)).isEqualTo(2);
    }

    @Test
    void fullyBusyDensityBucketsShadeDarkerThanSparseOnes() {
        DensityColumns d = new DensityColumns(3, 100);
        d.add(0, 100, 50, 1);   // fully busy
        d.add(500, 5, 1, 1);    // 5 % busy
        ReducedTrack out = new PixelReducer().reduce(window(new SliceColumns(), d), new Viewport(0, 1000), 10, 1, new ReducedTrack());
        assertThat(out.runCount()).isEqualTo(2);
        assertThat(out.runLevel(0)).isEqualTo(4);
        assertThat(out.runLevel(1)).isEqualTo(1);
    }

    @Test
    void reducedOutputDoesNotGrowWithTheNumberOfSlices() {
        SliceColumns s = new SliceColumns();
        for (int i = 0; i < 1_000_000; i++) {
            s.add(i, i, 1, i % 3, 1);
        }
        TrackWindow w = new TrackWindow(1, 0, 1_000_000, 1000, -1, s, null, new CounterColumns(), new InstantColumns());
        ReducedTrack out = new PixelReducer().reduce(w, new Viewport(0, 1_000_000), 1000, 3, new ReducedTrack());
        assertThat(out.rectCount() + out.runCount()).isLessThanOrEqualTo(3 * 1000);
    }
}
