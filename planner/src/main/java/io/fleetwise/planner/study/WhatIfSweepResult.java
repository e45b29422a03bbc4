package io.fleetwise.planner.study;

import java.util.List;
import java.util.Objects;

/** A finished sweep: what was swept and one point per value. */
public record WhatIfSweepResult(WhatIfSweep sweep, List<WhatIfSweepPoint> points) {

    public WhatIfSweepResult {
        Objects.requireNonNull(sweep, "sweep");
        points = List.copyOf(points);
    }

    public long feasibleCount() {
        return points.stream().filter(WhatIfSweepPoint::feasible).count();
    }
}
