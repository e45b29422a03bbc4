package io.fleetwise.datastore.trace.model;

import io.fleetwise.datastore.trace.TrackInfo;
import io.fleetwise.datastore.trace.TrackKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Vertical layout of the timeline: a header row per process track, then (when the group is expanded) its
 * child tracks with one row per nesting depth; counter tracks get a taller single row.
 */
public final class TrackLayout {
    public static final double HEADER_HEIGHT = 20;
    public static final double ROW_HEIGHT = 18;
    public static final double COUNTER_HEIGHT = 36;

    /** One laid-out track; depthCount is 0 for headers and collapsed groups' children are absent. */
    public record Row(TrackInfo track, boolean header, boolean collapsed, double y, double height, int depthCount) {
        public double depthY(int depth) {
            return header ? y : y + depth * ROW_HEIGHT;
        }
    }

    /** What lies under a point: a header (toggle), or a track row and depth. */
    public record Hit(Row row, int depth) {
    }

    private final List<Row> rows;
    private final double totalHeight;

    public TrackLayout(List<TrackInfo> tracks, Set<Long> collapsedProcessIds) {
        List<Row> out = new ArrayList<>();
        double y = 0;
        for (TrackInfo process : tracks) {
            if (process.parentId() != null) {
                continue;
            }
            boolean collapsed = collapsedProcessIds.contains(process.id());
            out.add(new Row(process, true, collapsed, y, HEADER_HEIGHT, 0));
            y += HEADER_HEIGHT;
            if (collapsed) {
                continue;
            }
            for (TrackInfo child : tracks) {
                if (child.parentId() == null || child.parentId() != process.id()) {
                    continue;
                }
                int depths = child.kind() == TrackKind.COUNTER ? 1 : child.maxDepth() + 1;
                double h = child.kind() == TrackKind.COUNTER ? COUNTER_HEIGHT : depths * ROW_HEIGHT;
                out.add(new Row(child, false, false, y, h, depths));
                y += h + 2;
            }
        }
        this.rows = Collections.unmodifiableList(out);
        this.totalHeight = y;
    }

    public List<Row> rows() {
        return rows;
    }

    public double totalHeight() {
        return totalHeight;
    }

    public Row rowOf(long trackId) {
        for (Row r : rows) {
            if (r.track().id() == trackId && !r.header()) {
                return r;
            }
        }
        return null;
    }

    public Hit hit(double y) {
        for (Row r : rows) {
            if (y >= r.y() && y < r.y() + r.height()) {
                int depth = r.header() ? 0 : (int) ((y - r.y()) / ROW_HEIGHT);
                return new Hit(r, Math.min(depth, Math.max(0, r.depthCount() - 1)));
            }
        }
        return null;
    }

    /** Child tracks whose rows intersect [top, bottom): only these are queried and drawn. */
    public List<Row> visibleTrackRows(double top, double bottom) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (!r.header() && r.y() + r.height() > top && r.y() < bottom) {
                out.add(r);
            }
        }
        return out;
    }
}
