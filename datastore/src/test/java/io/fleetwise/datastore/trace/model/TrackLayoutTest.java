package io.fleetwise.datastore.trace.model;

import io.fleetwise.datastore.trace.TrackInfo;
import io.fleetwise.datastore.trace.TrackKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TrackLayoutTest {
    private static final List<TrackInfo> TRACKS = List.of(
            new TrackInfo(1, 1, null, TrackKind.PROCESS, "GPU 0", 0, 1, 0, 0, 0, 0, 99),
            new TrackInfo(2, 1, 1L, TrackKind.THREAD, "stream 7", 1, 1, 7, 2, 10, 5, 99),
            new TrackInfo(3, 1, 1L, TrackKind.COUNTER, "batch", 2, 1, 0, 0, 0, 5, 99),
            new TrackInfo(4, 1, null, TrackKind.PROCESS, "worker", 3, 2, 0, 0, 0, 0, 99),
            new TrackInfo(5, 1, 4L, TrackKind.THREAD, "main", 4, 2, 1, 0, 10, 5, 99));

    @Test
    void childTracksGetOneRowPerDepthBelowTheirHeader() {
        TrackLayout layout = new TrackLayout(TRACKS, Set.of());
        assertThat(layout.rows()).extracting(r -> r.track().name()).containsExactly("GPU 0", "stream 7", "batch", "worker", "main");
        TrackLayout.Row stream = layout.rowOf(2);
        assertThat(stream.height()).isEqualTo(3 * TrackLayout.ROW_HEIGHT);
        TrackLayout.Hit hit = layout.hit(stream.y() + 2.5 * TrackLayout.ROW_HEIGHT);
        assertThat(hit.row().track().id()).isEqualTo(2);
        assertThat(hit.depth()).isEqualTo(2);
        assertThat(layout.hit(1).row().header()).isTrue();
    }

    @Test
    void collapsedGroupHidesItsTracksAndMovesTheNextGroupUp() {
        TrackLayout open = new TrackLayout(TRACKS, Set.of());
        TrackLayout collapsed = new TrackLayout(TRACKS, Set.of(1L));
        assertThat(collapsed.rowOf(2)).isNull();
        assertThat(collapsed.rowOf(5).y()).isLessThan(open.rowOf(5).y());
        assertThat(collapsed.visibleTrackRows(0, 1000)).extracting(r -> r.track().id()).containsExactly(5L);
    }
}
