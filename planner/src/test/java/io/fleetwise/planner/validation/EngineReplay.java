package io.fleetwise.planner.validation;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;

/** The batching a benchmark's server ran with: its engine's defaults on that GPU, with the benchmark's flags. */
final class EngineReplay {
    private static final Catalog CATALOG = Catalog.builtIn();

    private EngineReplay() {
    }

    static BatchingPolicy batching(EngineProfile engine, BenchmarkPoint p) {
        GpuType gpu = CATALOG.gpu(p.gpu());
        ModelSpec model = CATALOG.model(p.model());
        int maxModelLen = p.settings().containsKey("maxModelLen") ? p.settings().get("maxModelLen").intValue()
                : model.maxPositionEmbeddings();
        BatchingPolicy b = engine.defaults().batching(gpu, maxModelLen);
        if (p.settings().containsKey("schedulerSteps")) {
            b = b.withSchedulerSteps(p.settings().get("schedulerSteps").intValue());
        }
        if (p.settings().containsKey("gpuMemoryUtilization")) {
            b = b.withGpuMemoryUtilization(p.settings().get("gpuMemoryUtilization"));
        }
        return b;
    }
}
