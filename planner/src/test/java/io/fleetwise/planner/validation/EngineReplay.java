package io.fleetwise.planner.validation;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.MemoryModel;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.perf.PerformanceModel;
import io.fleetwise.planner.sim.ReplicaGroup;
import io.fleetwise.planner.sim.ReplicaModelFactory;
import io.fleetwise.planner.sim.SimulationConfig;

/** Builds a replica's batching and performance model from an engine draft, with a benchmark's explicit flags. */
final class EngineReplay {
    private static final Catalog CATALOG = Catalog.builtIn();

    private EngineReplay() {
    }

    /** The engine's default batching on the point's GPU, with the point's flags applied. */
    static BatchingPolicy batching(EngineDraft engine, BenchmarkPoint p) {
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

    /** Performance models from the draft (the simulator's standard factory takes host costs from the profile). */
    static ReplicaModelFactory models(EngineDraft engine, CalibrationProfile profile) {
        return new ReplicaModelFactory() {
            @Override
            public PerformanceModel performance(int groupIndex, ReplicaGroup group, SimulationConfig config) {
                return PerformanceModel.create(config.model(), group.config(), profile, engine.host(), engine.defaults(),
                        engine.kernels());
            }

            @Override
            public MemoryPlan memory(int groupIndex, ReplicaGroup group, SimulationConfig config) {
                return MemoryModel.plan(config.model(), group.config());
            }
        };
    }
}
