package io.fleetwise.planner.validation;

import io.fleetwise.planner.engine.EngineDefaults;
import io.fleetwise.planner.engine.EngineDefaults.Budget;
import io.fleetwise.planner.engine.EngineDefaults.ChunkedPrefill;
import io.fleetwise.planner.engine.EngineKernels;
import io.fleetwise.planner.engine.HostCosts;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Engine drafts the tuning starts from or evaluates; {@link #current} holds the ones in use. */
final class EngineDrafts {
    private static final Map<String, EngineDraft> CURRENT = new TreeMap<>();

    static {
        CURRENT.put("vllm-0.6", new EngineDraft("vllm-0.6",
                new HostCosts(2347, 176, 80, 60, 172, 7797, 1, false, true, false),
                new EngineDefaults(ChunkedPrefill.LONG_CONTEXT, 32768, List.of(new Budget(0, "", 512, 256)), 16, 0.90,
                        false, 256, false, 1),
                new EngineKernels(1, 1, 1, 0.6, 0.75)));
        CURRENT.put("vllm-v1", new EngineDraft("vllm-v1",
                new HostCosts(1475, 100, 0, 0, 67, 8217, 1, false, true, false),
                new EngineDefaults(ChunkedPrefill.ALWAYS, 0,
                        List.of(new Budget(0, "", 2048, 256), new Budget(70, "A100", 8192, 1024)), 16, 0.90, true, 512, true, 1),
                new EngineKernels(0.375, 1.47, 1.47, 1, 1)));
        CURRENT.put("sglang", new EngineDraft("sglang",
                new HostCosts(6, 50, 1, 104, 20, 4200, 0.5, true, true, false),
                new EngineDefaults(ChunkedPrefill.ALWAYS, 0, List.of(new Budget(0, "", 2048, 4096),
                        new Budget(35, "", 8192, 4096), new Budget(160, "", 16384, 4096)), 1, 0.88, true, 256, false, 1),
                new EngineKernels(0.414, 0.66, 1.437, 1, 1)));
    }

    private EngineDrafts() {
    }

    static synchronized EngineDraft current(String id) {
        EngineDraft d = CURRENT.get(id);
        if (d == null) {
            throw new IllegalArgumentException("No engine draft '" + id + "'");
        }
        return d;
    }

    static synchronized void use(EngineDraft d) {
        CURRENT.put(d.id(), d);
    }
}
