package io.fleetwise.planner.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.BatchShape;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.perf.IterationPrediction;
import io.fleetwise.planner.perf.MemoryModel;
import io.fleetwise.planner.perf.KvCacheSizing;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.perf.OperatorClass;
import io.fleetwise.planner.perf.PerformanceModel;
import io.fleetwise.planner.workload.RequestTrace;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The six light-load workloads of the validation runs (vLLM 0.6.0, H100) replayed on layouts the runs did not use:
 * Llama-3.1-70B bf16 at TP2, TP4 and two TP4 replicas, and Mistral-Large-2407 with fp8 weights and fp8 KV cache at
 * TP2, TP4, TP8 and data-parallel layouts. No measurement to compare with: a physical sanity check (KV pool, how
 * TPOT scales with TP, what a decode step and a prefill chunk are made of). Run as a main; docs/validation.md.
 */
public final class LayoutCheck {
    record Layout(String model, DType weights, DType kv, int tp, int replicas) {
        String label() {
            return String.format(Locale.ROOT, "%s %s/%s-KV %s", model, weights.name().toLowerCase(Locale.ROOT),
                    kv.name().toLowerCase(Locale.ROOT), replicas > 1 ? replicas + "x TP" + tp : "TP" + tp);
        }
    }

    static final List<Layout> LAYOUTS = List.of(
            new Layout("Llama-3.1-70B", DType.BF16, DType.BF16, 8, 1),
            new Layout("Llama-3.1-70B", DType.BF16, DType.BF16, 4, 1),
            new Layout("Llama-3.1-70B", DType.BF16, DType.BF16, 2, 1),
            new Layout("Llama-3.1-70B", DType.BF16, DType.BF16, 4, 2),
            new Layout("Mistral-Large-2407", DType.FP8, DType.FP8, 8, 1),
            new Layout("Mistral-Large-2407", DType.FP8, DType.FP8, 4, 1),
            new Layout("Mistral-Large-2407", DType.FP8, DType.FP8, 2, 1),
            new Layout("Mistral-Large-2407", DType.FP8, DType.FP8, 4, 2),
            new Layout("Mistral-Large-2407", DType.FP8, DType.FP8, 2, 4));

    static ReplicaConfig server(Catalog catalog, EngineProfile engine, Layout l) {
        GpuType h100 = catalog.gpu("H100-SXM");
        return ReplicaConfig.of(h100, l.tp()).withDtypes(l.weights(), l.kv(), l.weights() == DType.FP8 ? DType.FP8 : DType.BF16)
                .withBatching(engine.defaults().batching(h100, 131072).withGpuMemoryUtilization(0.97));
    }

    public static void main(String[] args) throws IOException {
        Catalog catalog = Catalog.builtIn();
        EngineProfile engine = EngineProfile.vllm06();
        EngineProfile inProcessApi = engine.withHost(engine.host().withApiInEngineProcess(true));
        CalibrationSet calibration = CalibrationSet.uniform(CalibrationProfiles.h100Measured(), inProcessApi);
        JsonNode cases;
        try (InputStream in = VllmValidation.resource("cases.json")) {
            cases = new ObjectMapper().readTree(in);
        }
        List<RequestTrace> traces = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonNode c : cases) {
            traces.add(VllmValidation.readRequests(c.get("requests_file").asText()));
            ids.add(c.get("id").asText().replace("vllm-llama3.1-70b-tp8-", ""));
        }
        StringBuilder head = new StringBuilder("| layout | GPUs | KV tokens per replica |");
        StringBuilder sep = new StringBuilder("| --- | --- | --- |");
        for (String id : ids) {
            head.append(' ').append(id).append(" TTFT / TPOT ms |");
            sep.append(" --- |");
        }
        System.out.println(head);
        System.out.println(sep);
        for (Layout l : LAYOUTS) {
            ModelSpec model = catalog.model(l.model());
            ReplicaConfig rc = server(catalog, engine, l);
            MemoryPlan mem = MemoryModel.plan(model, rc, KvCacheSizing.forEngine(engine));
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %,d |", l.label(),
                    l.tp() * l.replicas(), mem.kvCapacityTokens()));
            for (RequestTrace t : traces) {
                SimulationConfig cfg = new SimulationConfig(model, List.of(ReplicaGroup.of(rc, l.replicas())),
                        RouterPolicy.ROUND_ROBIN, calibration, null, EnergyModel.standard());
                SimulationSummary s = Simulator.run(cfg, t).summary();
                row.append(String.format(Locale.ROOT, " %.1f / %.2f |", s.ttft().meanMs(), s.tpotTokenWeightedMs()));
            }
            System.out.println(row);
        }
        System.out.println();
        System.out.println("| layout | step | total ms | " + String.join(" | ", names()) + " |");
        for (Layout l : LAYOUTS) {
            if (l.replicas() > 1) {
                continue;
            }
            ModelSpec model = catalog.model(l.model());
            PerformanceModel pm = PerformanceModel.create(model, server(catalog, engine, l), calibration);
            print(l.label(), "decode 8 x 1,000", pm.predict(BatchShape.decode(8, 1000)));
            print(l.label(), "prefill 512 (cold)", pm.predict(BatchShape.prefill(512)));
            print(l.label(), "prefill 512 after 1,536", pm.predict(BatchShape.EMPTY.plusPrefill(512, 1536)));
        }
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>();
        for (OperatorClass op : OperatorClass.values()) {
            n.add(op.name());
        }
        return n;
    }

    private static void print(String layout, String step, IterationPrediction p) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %.2f |", layout, step, p.totalMs()));
        for (OperatorClass op : OperatorClass.values()) {
            sb.append(String.format(Locale.ROOT, " %.2f |", p.operatorNs(op) / 1e6));
        }
        System.out.println(sb);
    }
}
