package io.fleetwise.datastore.trace.model;

/**
 * What one track shows in [fromNs, toNs) at nsPerPixel: slices wide enough to draw (all of them when
 * lodLevel is -1), density buckets for the narrower ones (null when raw), counters and instants per pixel.
 */
public record TrackWindow(long trackId, long fromNs, long toNs, double nsPerPixel, int lodLevel,
                          SliceColumns slices, DensityColumns density, CounterColumns counters,
                          InstantColumns instants) {
    public int rowCount() {
        return slices.size() + (density == null ? 0 : density.size()) + counters.size() + instants.size();
    }
}
