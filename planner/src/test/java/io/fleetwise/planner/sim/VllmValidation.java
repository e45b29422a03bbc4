package io.fleetwise.planner.sim;

import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.calibration.CalibrationSet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.workload.RequestTrace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays the six measured vLLM 0.6.0 runs (Llama-3.1-70B, 8x H100 TP8) of the shared validation data set and
 * compares mean TTFT and token-weighted TPOT. Run as a main to print the table (see docs/validation.md).
 */
public final class VllmValidation {
    /** One case: measured and predicted figures. */
    public record Row(String id, int requests, double measuredTtftMs, double predictedTtftMs, double measuredTpotMs,
                      double predictedTpotMs) {
        public double ttftErr() {
            return predictedTtftMs / measuredTtftMs - 1;
        }

        public double tpotErr() {
            return predictedTpotMs / measuredTpotMs - 1;
        }
    }

    /** Test resources holding the six runs (copied from the shared validation data set with its SOURCE.md). */
    static final String RESOURCE_DIR = "/io/fleetwise/planner/validation/vllm-h100-light/";

    public static InputStream resource(String name) {
        InputStream in = VllmValidation.class.getResourceAsStream(RESOURCE_DIR + name);
        if (in == null) {
            throw new IllegalStateException("Missing test resource " + RESOURCE_DIR + name);
        }
        return in;
    }

    public static RequestTrace readRequests(String name) throws IOException {
        ObjectMapper om = new ObjectMapper();
        List<long[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resource(name), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = om.readTree(line);
                rows.add(new long[] {Math.round(n.get("arrival_s").asDouble() * 1e9), n.get("input_tokens").asLong(),
                        n.get("output_tokens").asLong()});
            }
        }
        rows.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] t = new long[rows.size()];
        int[] in = new int[rows.size()];
        int[] out = new int[rows.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = rows.get(i)[0];
            in[i] = (int) rows.get(i)[1];
            out[i] = (int) rows.get(i)[2];
        }
        return new RequestTrace(name.substring(name.lastIndexOf('/') + 1), t, in, out);
    }

    /** The server of the runs: TP8 bf16, chunked prefill 512, max_num_seqs 256, gpu-memory-utilization 0.97. */
    /**
     * The server of the runs: the engine's defaults on H100 at the model's 131072-token context (for vLLM 0.6:
     * chunked prefill with a 512-token budget, 256 sequences) with the runs' {@code --gpu-memory-utilization 0.97}.
     */
    static ReplicaConfig server(Catalog catalog, EngineProfile engine) {
        GpuType h100 = catalog.gpu("H100-SXM");
        return ReplicaConfig.of(h100, 8).withBatching(engine.defaults().batching(h100, 131072).withGpuMemoryUtilization(0.97));
    }

    /**
     * Replays the six runs with {@code profile}'s kernels and {@code engine}: the runs' server had
     * {@code --disable-frontend-multiprocessing}, so its API server shared the engine's process.
     */
    public static List<Row> run(CalibrationProfile profile, EngineProfile engine) throws IOException {
        Catalog catalog = Catalog.builtIn();
        ModelSpec model = catalog.model("Llama-3.1-70B");
        EngineProfile inProcessApi = engine.withHost(engine.host().withApiInEngineProcess(true));
        CalibrationSet calibration = CalibrationSet.uniform(profile, inProcessApi);
        JsonNode cases;
        try (InputStream in = resource("cases.json")) {
            cases = new ObjectMapper().readTree(in);
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode c : cases) {
            RequestTrace trace = readRequests(c.get("requests_file").asText());
            SimulationConfig cfg = new SimulationConfig(model, List.of(ReplicaGroup.of(server(catalog, engine), 1)),
                    RouterPolicy.ROUND_ROBIN, calibration, null, EnergyModel.standard());
            SimulationSummary s = Simulator.run(cfg, trace).summary();
            JsonNode m = c.get("measured");
            rows.add(new Row(c.get("id").asText(), trace.size(), m.get("ttft_mean_s").asDouble() * 1e3, s.ttft().meanMs(),
                    m.get("tpot_mean_s").asDouble() * 1e3, s.tpotTokenWeightedMs()));
        }
        return rows;
    }

    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| case | requests | TTFT measured ms | TTFT predicted ms | error | TPOT measured ms | TPOT predicted ms | error |\n");
        sb.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        double sumTtft = 0;
        double sumTpot = 0;
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %+.1f%% | %.2f | %.2f | %+.1f%% |%n", r.id(),
                    r.requests(), r.measuredTtftMs(), r.predictedTtftMs(), 100 * r.ttftErr(), r.measuredTpotMs(),
                    r.predictedTpotMs(), 100 * r.tpotErr()));
            sumTtft += Math.abs(r.ttftErr());
            sumTpot += Math.abs(r.tpotErr());
        }
        sb.append(String.format(Locale.ROOT, "| mean absolute error | | | | %.1f%% | | | %.1f%% |%n",
                100 * sumTtft / rows.size(), 100 * sumTpot / rows.size()));
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        String t = table(run(CalibrationProfiles.h100Measured(), EngineProfile.vllm06()));
        System.out.print(t);
        System.out.printf(Locale.ROOT, "(6 simulations in %.2f s)%n", (System.nanoTime() - t0) / 1e9);
    }
}
