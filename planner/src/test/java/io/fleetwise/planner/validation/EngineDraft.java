package io.fleetwise.planner.validation;

import io.fleetwise.planner.engine.EngineDefaults;
import io.fleetwise.planner.engine.EngineKernels;
import io.fleetwise.planner.engine.HostCosts;

/** The three parts of an engine profile the tuning varies: host costs, defaults and attention kernels. */
record EngineDraft(String id, HostCosts host, EngineDefaults defaults, EngineKernels kernels) {

    EngineDraft withHost(HostCosts h) {
        return new EngineDraft(id, h, defaults, kernels);
    }

    EngineDraft withKernels(EngineKernels k) {
        return new EngineDraft(id, host, defaults, k);
    }
}
