package io.fleetwise.planner.sim;

import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.calibration.CalibrationSet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.workload.RequestTrace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        double ttftErr() {
            return predictedTtftMs / measuredTtftMs - 1;
        }

        double tpotErr() {
            return predictedTpotMs / measuredTpotMs - 1;
        }
    }

    static Path dataDir() {
        String override = System.getProperty("fleetwise.validationDir");
        if (override != null) {
            return Path.of(override);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/data/vllm-h100-validation");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            Path sibling = p.resolveSibling("shared/data/vllm-h100-validation");
            if (Files.isDirectory(sibling)) {
                return sibling;
            }
        }
        return Path.of("/work/shared/data/vllm-h100-validation");
    }

    static RequestTrace readRequests(Path file) throws IOException {
        ObjectMapper om = new ObjectMapper();
        List<long[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
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
        return new RequestTrace(file.getFileName().toString(), t, in, out);
    }

    /** The server of the runs: TP8 bf16, chunked prefill 512, max_num_seqs 256, gpu-memory-utilization 0.97. */
    static ReplicaConfig server(Catalog catalog) {
        return ReplicaConfig.of(catalog.gpu("H100-SXM"), 8)
                .withBatching(BatchingPolicy.sarathi(512).withMaxNumSeqs(256).withGpuMemoryUtilization(0.97));
    }

    public static List<Row> run(CalibrationSet calibration) throws IOException {
        Catalog catalog = Catalog.builtIn();
        ModelSpec model = catalog.model("Llama-3.1-70B");
        Path dir = dataDir();
        JsonNode cases = new ObjectMapper().readTree(dir.resolve("cases.json").toFile());
        List<Row> rows = new ArrayList<>();
        for (JsonNode c : cases) {
            RequestTrace trace = readRequests(dir.resolve(c.get("requests_file").asText()));
            SimulationConfig cfg = new SimulationConfig(model, List.of(ReplicaGroup.of(server(catalog), 1)),
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
        CalibrationProfile p = CalibrationProfiles.h100Measured();
        EngineProfile engine = EngineProfile.vllm06();
        if (args.length >= 3) {
            engine = engine.withHostCosts(Double.parseDouble(args[0]), Double.parseDouble(args[1]), Double.parseDouble(args[2]));
        }
        if (args.length >= 4) {
            p = p.withKernelFloors(p.graphKernelFloorUs(), Double.parseDouble(args[3]));
        }
        long t0 = System.nanoTime();
        String t = table(run(CalibrationSet.uniform(p, engine)));
        System.out.print(t);
        System.out.printf(Locale.ROOT, "(6 simulations in %.2f s)%n", (System.nanoTime() - t0) / 1e9);
    }
}
