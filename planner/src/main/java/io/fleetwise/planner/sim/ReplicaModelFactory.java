package io.fleetwise.planner.sim;

import io.fleetwise.planner.perf.KvCacheSizing;
import io.fleetwise.planner.perf.MemoryModel;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.perf.PerformanceModel;

/**
 * Where the simulator gets each replica group's performance and memory model. {@link #STANDARD} uses
 * {@link PerformanceModel#create} and {@link MemoryModel#plan}; plan search supplies per-module splits
 * (attention data-parallel with FFN tensor-parallel) that a {@code ReplicaConfig} alone cannot describe.
 */
public interface ReplicaModelFactory {

    PerformanceModel performance(int groupIndex, ReplicaGroup group, SimulationConfig config);

    MemoryPlan memory(int groupIndex, ReplicaGroup group, SimulationConfig config);

    ReplicaModelFactory STANDARD = new ReplicaModelFactory() {
        @Override
        public PerformanceModel performance(int groupIndex, ReplicaGroup group, SimulationConfig config) {
            return PerformanceModel.create(config.model(), group.config(), config.calibration());
        }

        @Override
        public MemoryPlan memory(int groupIndex, ReplicaGroup group, SimulationConfig config) {
            // The KV pool as the simulated engine sizes it (vLLM 0.6, V1 or SGLang).
            return MemoryModel.plan(config.model(), group.config(),
                    KvCacheSizing.forEngine(config.calibration().engine()));
        }
    };
}
