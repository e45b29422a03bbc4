package io.fleetwise.profiler.runs;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.HostCosts;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.WorkloadGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunFitTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ServingDeployment LLAMA8B_H100 = ServingDeployment.of(CATALOG.model("Llama-3.1-8B"),
            ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1));

    /** A run "measured" by the simulator itself with {@code truth}: what a perfect model of the engine would see. */
    private static ServingRun simulatedRun(String id, CalibrationSet truth, RunLoad load, int n, long seed) {
        RequestTrace t = WorkloadGenerator.poisson("chat", 10, n, seed);
        List<RunRequest> requests = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            requests.add(new RunRequest(Double.NaN, t.inputTokens(i), t.outputTokens(i)));
        }
        ServingRun shell = new ServingRun(id, "test", "", load, requests, true,
                new RunMeasurement(n, 1, 1, 1, 1, 1, 1), List.of());
        RunPrediction p = RunReplay.predict(LLAMA8B_H100, truth, shell, ProgressListener.NONE);
        return new ServingRun(id, "test", "", load, requests, true, new RunMeasurement(n, Double.NaN, p.meanTtftMs(),
                p.meanTpotMs(), p.tokenWeightedTpotMs(), p.outputTokensPerS(), Double.NaN), List.of());
    }

    private static List<ServingRun> closedLoops(CalibrationSet truth) {
        List<ServingRun> runs = new ArrayList<>();
        int k = 0;
        // Up to 16 in flight: with the API server a FIFO beside the engine (engine profiles), at 48 in flight its
        // per-request time mostly spreads arrivals instead of adding to TTFT, and no longer pins the fit.
        for (int c : new int[] {1, 4, 16}) {
            runs.add(simulatedRun("C=" + c, truth, new RunLoad(Double.POSITIVE_INFINITY, 1, c, false), 150, ++k));
        }
        return runs;
    }

    @Test
    void aFitRecoversTheHostCostsThatProducedTheRuns() {
        CalibrationSet base = CalibrationSet.builtIn().withEngine(EngineProfile.vllm06()); // the engine the runs were made with
        CalibrationSet truth = base.withEngine(EngineProfile.vllm06().withHostCosts(1800, 90, 2500));
        RunFitResult r = new RunFit(LLAMA8B_H100, base, ProgressListener.NONE).fit(closedLoops(truth));
        assertThat(r.fitted().get("iterationUs")).isBetween(1800 * 0.85, 1800 * 1.15);
        assertThat(r.fitted().get("perScheduledSequenceUs")).isBetween(90 * 0.8, 90 * 1.2);
        assertThat(r.fitted().get("apiPerRequestUs")).isBetween(2500 * 0.8, 2500 * 1.2);
        assertThat(r.inSample()).allSatisfy(e -> assertThat(e.worst()).isLessThan(0.03));
        assertThat(r.leaveOneOut()).hasSize(3);
        assertThat(r.curvesFitted()).isFalse();
        // every host cost is reported; one TP1 run cannot see the per-TP-worker cost: held, and said so
        assertThat(r.fitted().keySet()).containsExactlyElementsOf(HostCosts.PARAMETER_NAMES);
        assertThat(r.fitted().get("perTpWorkerUs")).isEqualTo(EngineProfile.vllm06().host().perTpWorkerUs());
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("held at the engine's published value").contains("perTpWorkerUs"));
    }

    @Test
    void aFitStartsFromEveryBuiltInEngineItsRunsCanBeServedBy() {
        for (EngineProfile engine : List.of(EngineProfile.vllmV1(), EngineProfile.sglang())) {
            CalibrationSet base = CalibrationSet.builtIn().withEngine(engine);
            // the API server's per-request cost shows in every engine's TTFT (SGLang hides its scheduling instead)
            HostCosts slower = engine.host().with(java.util.Map.of("apiPerRequestUs", 3000.0));
            CalibrationSet truth = base.withEngine(engine.withHost(slower));
            RunFitResult r = new RunFit(LLAMA8B_H100, base, ProgressListener.NONE).fit(closedLoops(truth));
            assertThat(r.calibration().engine().id()).isEqualTo(engine.id());
            assertThat(r.fitted().get("apiPerRequestUs")).as(engine.id()).isBetween(0.8 * 3000, 1.2 * 3000);
            assertThat(r.inSample()).as(engine.id()).allSatisfy(e -> assertThat(e.worst()).isLessThan(0.03));
        }
    }

    @Test
    void aStoredFitWithTheFirstProfilesNamesPredictsAsItWasFitted() {
        CalibrationSet base = CalibrationSet.builtIn().withEngine(EngineProfile.vllm06());
        CalibrationSet legacy = FitParameters.applyStored(base, "H100-SXM", java.util.Map.of("hostIterationUs", 1800.0,
                "hostPerSequenceUs", 90.0, "frontendRequestUs", 2500.0), "v1");
        HostCosts h = legacy.engine().host();
        assertThat(List.of(h.iterationUs(), h.perScheduledSequenceUs(), h.apiPerRequestUs())).containsExactly(1800.0, 90.0, 2500.0);
        assertThat(legacy.engine().fingerprint()).isEqualTo(FitParameters.applyStored(base, "H100-SXM", java.util.Map.of(
                "iterationUs", 1800.0, "perScheduledSequenceUs", 90.0, "apiPerRequestUs", 2500.0), "v1").engine().fingerprint());
        assertThatThrownBy(() -> FitParameters.applyStored(base, "H100-SXM", java.util.Map.of("hostIterationUs", 1.0,
                "iterationUs", 2.0), "v2")).hasMessageContaining("iterationUs twice");
        assertThatThrownBy(() -> FitParameters.applyStored(base, "H100-SXM", java.util.Map.of("gpuHeat", 1.0), "v3"))
                .hasMessageContaining("'gpuHeat'");
    }

    @Test
    void theFitBeatsTheStartingProfileOnEveryRun() {
        CalibrationSet base = CalibrationSet.builtIn().withEngine(EngineProfile.vllm06()); // the engine the runs were made with
        CalibrationSet truth = base.withEngine(EngineProfile.vllm06().withHostCosts(900, 40, 1000));
        List<ServingRun> runs = closedLoops(truth);
        RunFitResult r = new RunFit(LLAMA8B_H100, base, ProgressListener.NONE).fit(runs);
        for (int i = 0; i < runs.size(); i++) {
            RunResidual before = RunFit.residual(runs.get(i), RunReplay.predict(LLAMA8B_H100, base, runs.get(i),
                    ProgressListener.NONE));
            assertThat(r.inSample().get(i).worst()).as(runs.get(i).id()).isLessThan(before.worst());
        }
    }

    @Test
    void curvesAreFittedOnlyWhenTheRunsCoverEnoughPromptLengths() {
        assertThat(RunFit.coverEnoughShapes(closedLoops(CalibrationSet.builtIn()))).isFalse();
    }

    @Test
    void cancellingStopsTheFit() {
        ProgressListener cancelled = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> new RunFit(LLAMA8B_H100, CalibrationSet.builtIn(), cancelled)
                .fit(closedLoops(CalibrationSet.builtIn()))).isInstanceOf(CancellationException.class);
    }
}
