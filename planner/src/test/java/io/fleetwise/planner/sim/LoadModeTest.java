package io.fleetwise.planner.sim;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.ArrivalProcess;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.WorkloadGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LoadModeTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec LLAMA8B = CATALOG.model("Llama-3.1-8B");
    private static final ReplicaConfig H100 = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1);

    private static SimulationConfig config(LoadMode load, List<ReplicaGroup> groups) {
        return new SimulationConfig(LLAMA8B, groups, RouterPolicy.LEAST_OUTSTANDING,
                CalibrationSet.builtIn(), Slo.of(2000, 100, 0.9), EnergyModel.standard(), load);
    }

    private static SimulationConfig single(LoadMode load) {
        return config(load, List.of(ReplicaGroup.of(H100, 1)));
    }

    /** {@code --request-rate inf}: every request ready at t = 0. */
    private static RequestTrace allAtOnce(int n) {
        return WorkloadGenerator.generate("chat @inf", n, ArrivalProcess.poisson(Double.POSITIVE_INFINITY),
                LengthPresets.preset("chat"), 5);
    }

    /** Records each request's send and finish time; {@link #maxInFlight()} sweeps them. */
    private static final class InFlight implements SimulationTraceSink {
        final List<long[]> spans = new ArrayList<>();

        @Override
        public void request(int id, int pre, int rep, long arrivalNs, long scheduledNs, long firstTokenNs,
                            long finishNs, int in, int out, int preemptions) {
            spans.add(new long[] {arrivalNs, finishNs});
        }

        int maxInFlight() {
            List<long[]> events = new ArrayList<>();
            for (long[] s : spans) {
                events.add(new long[] {s[0], +1});
                events.add(new long[] {s[1], -1});
            }
            // at equal times a finish frees its slot before the send that it lets through
            events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            int now = 0;
            int max = 0;
            for (long[] e : events) {
                now += (int) e[1];
                max = Math.max(max, now);
            }
            return max;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 16, 64})
    void closedLoopKeepsExactlyTheCapInFlight(int cap) {
        InFlight sink = new InFlight();
        SimulationSummary s = Simulator.run(single(LoadMode.closedLoop(cap)), allAtOnce(300), ProgressListener.NONE,
                sink).summary();
        assertThat(s.completed()).isEqualTo(300);
        assertThat(sink.maxInFlight()).isEqualTo(cap);
    }

    @Test
    void closedLoopCapHoldsAcrossReplicasAndDisaggregatedPools() {
        ReplicaConfig prefill = H100.withRole(ReplicaRole.PREFILL);
        ReplicaConfig decode = H100.withRole(ReplicaRole.DECODE);
        InFlight sink = new InFlight();
        RequestTrace trace = WorkloadGenerator.poisson("chat", 40, 400, 9);
        SimulationSummary s = Simulator.run(config(LoadMode.closedLoop(10),
                        List.of(ReplicaGroup.of(prefill, 1), ReplicaGroup.of(decode, 2))), trace, ProgressListener.NONE,
                sink).summary();
        assertThat(s.completed()).isEqualTo(400);
        assertThat(sink.maxInFlight()).isLessThanOrEqualTo(10);
    }

    @Test
    void closedLoopOfOneServesRequestsOneAfterAnother() {
        InFlight sink = new InFlight();
        Simulator.run(single(LoadMode.closedLoop(1)), allAtOnce(50), ProgressListener.NONE, sink);
        sink.spans.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < sink.spans.size(); i++) {
            assertThat(sink.spans.get(i)[0]).isGreaterThanOrEqualTo(sink.spans.get(i - 1)[1]);
        }
    }

    @Test
    void closedLoopMeasuresLatencyFromTheSendNotFromTheArrival() {
        // Everything arrives at t = 0, but with one request in flight nobody queues at the server: TTFT stays a
        // single request's prefill, as the benchmark client measures it.
        SimulationSummary serial = Simulator.run(single(LoadMode.closedLoop(1)), allAtOnce(100)).summary();
        SimulationSummary open = Simulator.run(single(LoadMode.openLoop()), allAtOnce(100)).summary();
        // (the longest chat prompts take a few hundred ms to prefill alone)
        assertThat(serial.ttft().p99Ms()).isLessThan(500);
        assertThat(open.ttft().p99Ms()).isGreaterThan(5 * serial.ttft().p99Ms());
    }

    @Test
    void closedLoopObeysLittlesLaw() {
        int cap = 16;
        SimulationSummary s = Simulator.run(single(LoadMode.closedLoop(cap)), allAtOnce(3000)).summary();
        // C = throughput x mean time in system, up to the drain at the end (the last C requests run with fewer)
        assertThat(s.requestThroughputPerS() * s.e2e().meanMs() / 1e3).isCloseTo(cap, within(0.05 * cap));
    }

    @Test
    void capAboveTheRequestCountChangesNothing() {
        RequestTrace trace = WorkloadGenerator.poisson("chat", 8, 300, 2);
        SimulationSummary open = Simulator.run(single(LoadMode.openLoop()), trace).summary();
        SimulationSummary capped = Simulator.run(single(LoadMode.closedLoop(300)), trace).summary();
        assertThat(capped).isEqualTo(open);
    }

    @Test
    void tighterCapLowersThroughputOfAnOverloadedReplica() {
        double c4 = Simulator.run(single(LoadMode.closedLoop(4)), allAtOnce(400)).summary().requestThroughputPerS();
        double c32 = Simulator.run(single(LoadMode.closedLoop(32)), allAtOnce(400)).summary().requestThroughputPerS();
        assertThat(c32).isGreaterThan(1.5 * c4);
    }

    @Test
    void offlineThroughputIsAtLeastAnyOpenLoopRates() {
        int n = 600;
        SimulationSummary offline = Simulator.run(single(LoadMode.offline()),
                WorkloadGenerator.poisson("chat", 5, n, 3)).summary();
        assertThat(offline.completed()).isEqualTo(n);
        for (double rate : new double[] {1, 5, 20, 60, 200, 1000, Double.POSITIVE_INFINITY}) {
            RequestTrace trace = WorkloadGenerator.generate("chat", n, ArrivalProcess.poisson(rate),
                    LengthPresets.preset("chat"), 3);
            double open = Simulator.run(single(LoadMode.openLoop()), trace).summary().outputTokensPerS();
            // (a saturated open loop batches alike; 0.1 % covers the different order requests reach the engine in)
            assertThat(offline.outputTokensPerS()).as("open loop at %s req/s", rate).isGreaterThanOrEqualTo(0.999 * open);
        }
    }

    @Test
    void offlineIgnoresArrivalTimes() {
        RequestTrace slow = WorkloadGenerator.poisson("chat", 0.5, 200, 4);
        RequestTrace fast = WorkloadGenerator.poisson("chat", 500, 200, 4);
        SimulationSummary a = Simulator.run(single(LoadMode.offline()), slow).summary();
        SimulationSummary b = Simulator.run(single(LoadMode.offline()), fast).summary();
        assertThat(a).isEqualTo(b);
        assertThat(a.durationS()).isLessThan(slow.spanNs() / 1e9 / 10);
    }

    @Test
    void ofReadsABenchmarkCommandLine() {
        assertThat(LoadMode.of(false, null)).isEqualTo(LoadMode.openLoop());
        assertThat(LoadMode.of(false, 8)).isEqualTo(LoadMode.closedLoop(8));
        assertThat(LoadMode.of(true, null)).isEqualTo(LoadMode.offline());
        assertThatThrownBy(() -> LoadMode.of(true, 8)).hasMessageContaining("Offline");
        assertThatThrownBy(() -> LoadMode.closedLoop(0)).hasMessageContaining("max concurrency >= 1, was 0");
    }
}
