package io.fleetwise.datastore.trace;

import java.util.List;

/** Everything the details panel shows about one slice. argsJson is null when the slice has no args. */
public record SliceDetails(long id, long trackId, String trackName, long startNs, long durNs, int depth,
                           String name, String category, String argsJson,
                           List<FlowLink> flowsOut, List<FlowLink> flowsIn) {
    public long endNs() { return startNs + durNs; }
}
