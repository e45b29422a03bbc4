package io.fleetwise.datastore.engine;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An engine profile fitted from measured serving runs, as stored.
 *
 * @param engine         the engine profile the fit started from (its id, e.g. vllm-0.6)
 * @param version        per engine, from 1; the newest is the one in use
 * @param gpuType        the catalog GPU type the runs were measured on (fitted curve scales apply to it only)
 * @param deployment     what served the runs, in words ("Llama-3.1-70B on H100-SXM TP8 ...")
 * @param parameters     fitted values by name, in the order fitted
 * @param medianLooError median over runs of the worst held-out |relative error|; NaN with one run
 * @param reportJson     the runs with their errors and the fit's notes (JSON, as the profiler wrote it)
 */
public record StoredEngineFit(long id, String engine, int version, String label, Instant createdAt, String gpuType,
                              String deployment, Map<String, Double> parameters, int runs, double rmsLogError,
                              double medianLooError, String reportJson) {

    public StoredEngineFit {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(createdAt, "createdAt");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** How a command line names it: ENGINE:vVERSION (e.g. vllm-0.6:v2). */
    public String reference() {
        return engine + ":v" + version;
    }
}
