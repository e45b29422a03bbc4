package io.fleetwise.planner.validation;

import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.EngineProfiles;

import java.util.Map;
import java.util.TreeMap;

/** The engine profiles the validation replays with: the built-in ones, or a tuning run's candidates. */
final class TunedEngines {
    private static final Map<String, EngineProfile> CURRENT = new TreeMap<>();

    private TunedEngines() {
    }

    static synchronized EngineProfile current(String id) {
        return CURRENT.computeIfAbsent(id, EngineProfiles::byId);
    }

    static synchronized void use(EngineProfile p) {
        CURRENT.put(p.id(), p);
    }
}
