package io.fleetwise.datastore.trace.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ViewportTest {
    @Test
    void zoomKeepsTheAnchorAtTheSameScreenPosition() {
        Viewport v = new Viewport(0, 1000);
        Viewport z = v.zoom(250, 0.5, 0, 10_000);
        assertThat(z.spanNs()).isEqualTo(500);
        assertThat((250 - z.startNs()) / (double) z.spanNs()).isEqualTo(0.25);
    }

    @Test
    void panStopsAtTheTraceBounds() {
        Viewport v = new Viewport(0, 1000);
        assertThat(v.pan(-500, 0, 5000)).isEqualTo(new Viewport(0, 1000));
        assertThat(v.pan(10_000, 0, 5000)).isEqualTo(new Viewport(4000, 5000));
    }

    @Test
    void zoomingOutNeverExceedsTheTrace() {
        assertThat(new Viewport(100, 200).zoom(150, 1000, 0, 5000)).isEqualTo(new Viewport(0, 5000));
    }
}
