package io.fleetwise.profiler.runs;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.ReplicaGroup;
import io.fleetwise.planner.sim.SimulationConfig;
import io.fleetwise.planner.sim.SimulationSummary;
import io.fleetwise.planner.sim.Simulator;
import io.fleetwise.planner.sim.SimulationTraceSink;
import io.fleetwise.planner.workload.ArrivalProcess;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Replays a measured run in the simulator the way it was made: its served requests (lengths in order), sent at their
 * recorded arrival times or, where the client recorded only a rate, at seeded Poisson/gamma arrivals of that rate
 * (vLLM's {@code --burstiness b} is a gamma of shape b, coefficient of variation 1/sqrt(b)), under the run's load mode
 * (closed loop for {@code --max-concurrency}, every request at t = 0 for rate inf).
 */
public final class RunReplay {
    /** Arrivals of a run that recorded only its rate are drawn from this seed (the same at every evaluation). */
    static final long ARRIVAL_SEED = 20_241_213L;

    private RunReplay() {
    }

    public static RequestTrace trace(ServingRun run) {
        List<RunRequest> rs = run.requests();
        int n = rs.size();
        long[] t = new long[n];
        int[] in = new int[n];
        int[] out = new int[n];
        boolean recorded = rs.stream().noneMatch(r -> Double.isNaN(r.arrivalS()));
        long[] drawn = recorded ? null : ArrivalProcess.gamma(run.load().ratePerS(), 1.0 / Math.sqrt(run.load().burstiness()))
                .arrivalsNs(n, new SplittableRandom(ARRIVAL_SEED));
        double t0 = recorded ? rs.get(0).arrivalS() : 0;
        for (int i = 0; i < n; i++) {
            RunRequest r = rs.get(i);
            t[i] = recorded ? Math.round((r.arrivalS() - t0) * 1e9) : drawn[i];
            in[i] = r.inputTokens();
            out[i] = r.outputTokens();
        }
        return new RequestTrace(run.id(), t, in, out);
    }

    public static RunPrediction predict(ServingDeployment deployment, CalibrationSet calibration, ServingRun run,
                                        ProgressListener listener) {
        SimulationConfig config = new SimulationConfig(deployment.model(),
                List.of(ReplicaGroup.of(deployment.replica(), deployment.replicas())), deployment.router(), calibration,
                null, EnergyModel.standard(), run.load().loadMode());
        SimulationSummary s = Simulator.run(config, trace(run), listener, SimulationTraceSink.NONE).summary();
        return new RunPrediction(s.ttft().meanMs(), s.tpot().meanMs(), s.tpotTokenWeightedMs(), s.outputTokensPerS());
    }
}
