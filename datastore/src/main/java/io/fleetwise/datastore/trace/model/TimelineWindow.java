package io.fleetwise.datastore.trace.model;

import java.util.Map;

/** An immutable snapshot of a window over several tracks, plus the names its rows refer to. */
public record TimelineWindow(long fromNs, long toNs, double nsPerPixel, Map<Long, TrackWindow> tracks,
                             Map<Integer, String> names) {

    /** Whether this window can draw [startNs, endNs) at the given resolution without a new query. */
    public boolean covers(long startNs, long endNs, double viewNsPerPixel) {
        return startNs >= fromNs && endNs <= toNs
                && viewNsPerPixel >= nsPerPixel / 1.5 && viewNsPerPixel <= nsPerPixel * 1.5;
    }

    public String name(int id) {
        return names.getOrDefault(id, "");
    }
}
