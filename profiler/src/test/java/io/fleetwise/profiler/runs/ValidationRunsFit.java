package io.fleetwise.profiler.runs;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.progress.ProgressListener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the fit from the six measured vLLM 0.6.0 runs of the validation study (Prometheus snapshots + request
 * lists): fitted host costs, in-sample and leave-one-out errors per run, against the built-in profile. For
 * docs/calibration-from-runs.md. Run from the profiler module directory:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.fleetwise.profiler.runs.ValidationRunsFit}.
 */
public final class ValidationRunsFit {
    static final String[] IDS = {"creation_025", "creation_05", "lmsys_025", "lmsys_05", "summarization_025", "summarization_05"};

    private ValidationRunsFit() {
    }

    static List<ServingRun> runs() throws IOException {
        List<ServingRun> runs = new ArrayList<>();
        for (String id : IDS) {
            String full = "vllm-llama3.1-70b-tp8-" + id;
            runs.add(ServingRunReaders.readPrometheus(ServingRunReadersTest.resource(full + ".prom"),
                    ServingRunReadersTest.validationRequests(full)));
        }
        return runs;
    }

    static ServingDeployment deployment() {
        Catalog c = Catalog.builtIn();
        // vLLM 0.6.0, --tensor-parallel-size 8 --gpu-memory-utilization 0.97, chunked prefill with a 512-token budget
        return ServingDeployment.of(c.model("Llama-3.1-70B"), ReplicaConfig.of(c.gpu("H100-SXM"), 8)
                .withBatching(BatchingPolicy.sarathi(512).withGpuMemoryUtilization(0.97)));
    }

    public static void main(String[] args) throws IOException {
        List<ServingRun> runs = runs();
        CalibrationSet base = CalibrationSet.builtIn();
        long t0 = System.nanoTime();
        RunFitResult r = new RunFit(deployment(), base, ProgressListener.NONE).fit(runs);
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "fitted in %.1f s, %d evaluations; rms log error %.4f; %s%n", wall,
                r.evaluations(), r.rmsLogError(), String.join("; ", r.notes()));
        for (Map.Entry<String, Double> e : r.fitted().entrySet()) {
            System.out.printf(Locale.ROOT, "%-22s start %9.1f  fitted %9.1f%n", e.getKey(), r.start().get(e.getKey()), e.getValue());
        }
        System.out.println("| run | built-in TTFT | built-in TPOT | fitted TTFT | fitted TPOT | held-out TTFT | held-out TPOT |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (int i = 0; i < runs.size(); i++) {
            RunResidual before = RunFit.residual(runs.get(i), RunReplay.predict(deployment(), base, runs.get(i), ProgressListener.NONE));
            RunResidual in = r.inSample().get(i);
            RunResidual out = r.leaveOneOut().get(i);
            System.out.printf(Locale.ROOT, "| %s | %+.1f %% | %+.1f %% | %+.1f %% | %+.1f %% | %+.1f %% | %+.1f %% |%n", IDS[i],
                    100 * before.ttftError(), 100 * before.tpotError(), 100 * in.ttftError(), 100 * in.tpotError(),
                    100 * out.ttftError(), 100 * out.tpotError());
        }
        System.out.printf(Locale.ROOT, "median held-out worst |error| %.1f %%%n", 100 * r.medianLeaveOneOutError());
    }
}
