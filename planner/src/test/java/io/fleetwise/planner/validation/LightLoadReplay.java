package io.fleetwise.planner.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.ReplicaGroup;
import io.fleetwise.planner.sim.RouterPolicy;
import io.fleetwise.planner.sim.SimulationConfig;
import io.fleetwise.planner.sim.SimulationSummary;
import io.fleetwise.planner.sim.SimulationTraceSink;
import io.fleetwise.planner.sim.Simulator;
import io.fleetwise.planner.sim.VllmValidation;
import io.fleetwise.planner.workload.RequestTrace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The six light-load vLLM 0.6.0 runs (Llama-3.1-70B, 8x H100 TP8) replayed with an engine draft: the server is the
 * engine's defaults on H100 at the model's 131072-token context (chunked prefill, 512-token budget) with the runs'
 * flags: {@code --gpu-memory-utilization 0.97 --disable-frontend-multiprocessing} (the API server in the engine's
 * process).
 */
final class LightLoadReplay {
    private static final Catalog CATALOG = Catalog.builtIn();

    /** One run: measured and predicted mean TTFT and token-weighted TPOT, ms. */
    record Row(String id, double measuredTtftMs, double predictedTtftMs, double measuredTpotMs, double predictedTpotMs) {
        double ttftErr() {
            return predictedTtftMs / measuredTtftMs - 1;
        }

        double tpotErr() {
            return predictedTpotMs / measuredTpotMs - 1;
        }
    }

    private static final List<JsonNode> CASES = cases();
    private static final List<RequestTrace> TRACES = traces();

    private LightLoadReplay() {
    }

    static ReplicaConfig server(EngineDraft engine) {
        return ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 8)
                .withBatching(engine.defaults().batching(CATALOG.gpu("H100-SXM"), 131072).withGpuMemoryUtilization(0.97));
    }

    static List<Row> run(CalibrationProfile profile, EngineDraft engine) {
        ModelSpec model = CATALOG.model("Llama-3.1-70B");
        EngineDraft inProcessApi = engine.withHost(engine.host().withApiInEngineProcess(true));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            JsonNode c = CASES.get(i);
            SimulationConfig cfg = new SimulationConfig(model, List.of(ReplicaGroup.of(server(engine), 1)),
                    RouterPolicy.ROUND_ROBIN, profile, null, EnergyModel.standard());
            SimulationSummary s = Simulator.run(cfg, TRACES.get(i), ProgressListener.NONE, SimulationTraceSink.NONE,
                    EngineReplay.models(inProcessApi, profile)).summary();
            JsonNode m = c.get("measured");
            rows.add(new Row(c.get("id").asText(), m.get("ttft_mean_s").asDouble() * 1e3, s.ttft().meanMs(),
                    m.get("tpot_mean_s").asDouble() * 1e3, s.tpotTokenWeightedMs()));
        }
        return rows;
    }

    private static List<JsonNode> cases() {
        try (InputStream in = VllmValidation.resource("cases.json")) {
            List<JsonNode> out = new ArrayList<>();
            new ObjectMapper().readTree(in).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<RequestTrace> traces() {
        List<RequestTrace> out = new ArrayList<>();
        try {
            for (JsonNode c : CASES) {
                out.add(VllmValidation.readRequests(c.get("requests_file").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
