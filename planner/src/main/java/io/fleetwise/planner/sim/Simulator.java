package io.fleetwise.planner.sim;

import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.perf.PerformanceModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Discrete-event, iteration-level serving simulator. Events are request arrivals (after the front end's delay),
 * iteration completions of each replica and KV transfers between disaggregated pools; each iteration's duration
 * comes from the {@link PerformanceModel}. No per-token events: an iteration advances every sequence in its batch.
 * Deterministic: the same inputs give the same result.
 */
public final class Simulator {
    private static final int PROGRESS_EVERY_EVENTS = 1 << 14;
    /** Most pipeline micro-batches one replica keeps in flight (= largest PP degree simulated). */
    static final int MAX_PIPELINE_DEPTH = 16;
    // Event payloads >= 0: replica id << 5 | slot << 1 | kind (0 = micro-batch done, 1 = first stage free).
    private static final int STAGE_FREE = 1;

    private final SimulationConfig config;
    private final RequestTrace trace;
    private final ProgressListener listener;
    private final SimulationTraceSink sink;
    private final ReplicaModelFactory models;
    /** Capacity-search runs: stop once the verdict is decided, and skip the utilization and energy bookkeeping. */
    private final SteadyStateVerdict verdict;

    private RequestTable rq;
    private ReplicaEngine[] engines;
    private int[] entryReplicas;
    private int[] decodeReplicas;
    private EventHeap heap;
    private int rrCursor;
    private double[] groupCurrentWeight;
    private int[] groupRrCursor;
    private int[][] groupEntryReplicas;
    private double[] groupWeights;
    private int completed;
    private int dropped;
    // The client (LoadMode): requests [0, sent) have their send time in rq.arrivalNs; inFlight were sent and have
    // neither finished nor been dropped; a closed loop sends the next one when inFlight drops below its cap.
    private int sent;
    private int inFlight;
    private int concurrencyCap;
    private double nowNs;
    /** The next request to arrive (index), and the front end's delay before the scheduler sees a request. */
    private int next;
    /** The API server in front of the engines (null offline), its parallelism, when it is free, when the head is ready. */
    private PerformanceModel frontend;
    private double frontendServers;
    private double frontendFreeNs;
    private double headReadyNs = Double.NaN;
    /** Run stretches of pure decode iterations in one go (see finishIteration); off only to test that it is exact. */
    private final boolean fastForward;
    private long stretchedIterations;
    // Accumulated statistics.
    private double[] replicaBusyNs;
    private double flopsDone;
    private double flopCapacity;
    private double bytesDone;
    private double byteCapacity;
    private double energyJoules;
    private double batchTokensWeighted;
    private double kvUtilWeighted;
    private double busyNsTotal;
    private long seriesIntervalNs;
    private double[] seriesBatch = new double[256];
    private double[] seriesKv = new double[256];
    private int seriesLength;

    private Simulator(SimulationConfig config, RequestTrace trace, ProgressListener listener, SimulationTraceSink sink,
                      ReplicaModelFactory models) {
        this(config, trace, listener, sink, models, null, true);
    }

    private Simulator(SimulationConfig config, RequestTrace trace, ProgressListener listener, SimulationTraceSink sink,
                      ReplicaModelFactory models, SteadyStateVerdict verdict, boolean fastForward) {
        this.verdict = verdict;
        this.fastForward = fastForward;
        this.config = config;
        this.models = models == null ? ReplicaModelFactory.STANDARD : models;
        this.trace = trace;
        this.listener = listener == null ? ProgressListener.NONE : listener;
        this.sink = sink == null ? SimulationTraceSink.NONE : sink;
    }

    /** Runs a simulation; throws {@link CancellationException} if the listener cancels. */
    public static SimulationResult run(SimulationConfig config, RequestTrace trace, ProgressListener listener,
                                       SimulationTraceSink sink) {
        return new Simulator(config, trace, listener, sink, ReplicaModelFactory.STANDARD).simulate();
    }

    /** Runs a simulation whose replica groups take their performance and memory models from {@code models}. */
    public static SimulationResult run(SimulationConfig config, RequestTrace trace, ProgressListener listener,
                                       SimulationTraceSink sink, ReplicaModelFactory models) {
        return new Simulator(config, trace, listener, sink, models).simulate();
    }

    public static SimulationResult run(SimulationConfig config, RequestTrace trace) {
        return run(config, trace, ProgressListener.NONE, SimulationTraceSink.NONE);
    }

    /**
     * When the next request reaches the scheduler: when the API server, serving requests in order, has finished it
     * (its send time, or the previous request's readiness, plus its own service time); infinite if none is sent.
     */
    private double nextArrivalNs() {
        if (next >= sent) {
            return Double.POSITIVE_INFINITY;
        }
        if (Double.isNaN(headReadyNs)) {
            headReadyNs = frontend == null ? rq.arrivalNs[next]
                    : Math.max(rq.arrivalNs[next], frontendFreeNs) + frontend.frontendServiceNs(rq.input[next]) / frontendServers;
        }
        return headReadyNs;
    }

    /** How many iterations a run of {@code trace} takes in decode stretches rather than one by one (for tests). */
    static long stretchedIterations(SimulationConfig config, RequestTrace trace) {
        Simulator simulator = new Simulator(config, trace, ProgressListener.NONE, SimulationTraceSink.NONE,
                ReplicaModelFactory.STANDARD, null, true);
        simulator.simulate();
        return simulator.stretchedIterations;
    }

    /** A run that takes every iteration through the event loop, one at a time: the reference fast-forwarding is tested against. */
    static SimulationResult runEventByEvent(SimulationConfig config, RequestTrace trace, SimulationTraceSink sink) {
        return new Simulator(config, trace, ProgressListener.NONE, sink, ReplicaModelFactory.STANDARD, null, false)
                .simulate();
    }

    /**
     * Runs until {@code verdict} is decided (or every request is processed, then decides it from all measured
     * requests). No result, series or energy: only the verdict. {@code listener} is asked for cancellation only.
     */
    static SteadyStateVerdict runToVerdict(SimulationConfig config, RequestTrace trace, ReplicaModelFactory models,
                                           SteadyStateVerdict verdict, ProgressListener listener) {
        if (config.load().kind() != LoadMode.Kind.OPEN_LOOP) {
            // a closed loop moves send times, and the verdict judges deadlines from them while it runs
            throw new IllegalArgumentException("An early verdict needs open-loop arrivals, not " + config.load());
        }
        ProgressListener cancelOnly = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return listener != null && listener.isCancelled();
            }
        };
        new Simulator(config, trace, cancelOnly, SimulationTraceSink.NONE, models, verdict, true).simulate();
        verdict.finish();
        return verdict;
    }

    /** What an engine reports back. */
    final class Callbacks {
        void finished(int r) {
            completed++;
            release();
            if (verdict != null) {
                verdict.finished(r, rq);
            }
            sink.request(r, rq.prefillReplica[r], rq.decodeReplica[r] >= 0 ? rq.decodeReplica[r] : rq.prefillReplica[r],
                    rq.arrivalNs[r], (long) rq.scheduledNs[r], (long) rq.firstTokenNs[r], (long) rq.finishNs[r],
                    rq.input[r], rq.output[r], rq.preemptions[r]);
        }

        void dropped(int r) {
            dropped++;
            release();
            if (verdict != null) {
                verdict.dropped(r);
            }
        }

        void handOff(int r, int fromReplica, double nowNs) {
            ReplicaEngine from = engines[fromReplica];
            int target = leastOutstanding(decodeReplicas);
            rq.decodeReplica[r] = target;
            double kvBytes = config.model().kvBytesPerToken(from.config.kvDtype()) * (rq.input[r] + rq.generated[r]);
            Interconnect nic = from.config.node().interNode();
            // Each of the prefill replica's GPUs sends its own shard over its own NIC.
            double ns = nic.latencyUs() * 1e3 + kvBytes / from.config.gpuCount() / nic.bandwidthGBps();
            heap.push(nowNs + ns, -(r + 1));
        }
    }

    private SimulationResult simulate() {
        rq = new RequestTable(trace);
        int[][] hashes = null;
        if (trace.hasPrefixHashes()) {
            hashes = new int[trace.size()][];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = trace.prefixHashes(i);
            }
        }
        Callbacks cb = new Callbacks();
        List<ReplicaEngine> list = new ArrayList<>();
        List<Integer> entry = new ArrayList<>();
        List<Integer> decode = new ArrayList<>();
        int groupCount = config.groups().size();
        groupEntryReplicas = new int[groupCount][];
        groupWeights = new double[groupCount];
        for (int g = 0; g < groupCount; g++) {
            ReplicaGroup group = config.groups().get(g);
            ReplicaConfig rc = group.config();
            PerformanceModel perf = models.performance(g, group, config);
            MemoryPlan memory = models.memory(g, group, config);
            if (!memory.fits()) {
                throw new IllegalArgumentException(memory.message());
            }
            List<Integer> groupEntry = new ArrayList<>();
            for (int c = 0; c < group.count(); c++) {
                int id = list.size();
                list.add(new ReplicaEngine(id, rc, perf, memory, rq, hashes, trace.hashBlockTokens(), cb));
                sink.replica(id, rc.label(), rc.gpuCount());
                if (rc.role() == ReplicaRole.DECODE) {
                    decode.add(id);
                } else {
                    entry.add(id);
                    groupEntry.add(id);
                }
            }
            groupEntryReplicas[g] = groupEntry.stream().mapToInt(Integer::intValue).toArray();
            groupWeights[g] = groupEntry.isEmpty() ? 0 : group.routingWeight();
        }
        engines = list.toArray(new ReplicaEngine[0]);
        entryReplicas = entry.stream().mapToInt(Integer::intValue).toArray();
        decodeReplicas = decode.stream().mapToInt(Integer::intValue).toArray();
        groupCurrentWeight = new double[groupCount];
        groupRrCursor = new int[groupCount];
        replicaBusyNs = new double[engines.length];
        heap = new EventHeap();
        seriesIntervalNs = Math.max(100_000_000L, trace.spanNs() / 400);

        int n = trace.size();
        LoadMode load = config.load();
        // The API server handles requests one after another: a request is ready for the engine when the server has
        // finished the ones before it and its own (tokenization, template). Replicas each run their own server, so
        // the shared queue serves entryReplicas times as fast (exact for one replica, an approximation for a fleet).
        frontend = load.isOffline() ? null : engines[entryReplicas[0]].perf;
        frontendServers = entryReplicas.length;
        frontendFreeNs = 0;
        headReadyNs = Double.NaN;
        if (load.isOffline()) {
            Arrays.fill(rq.arrivalNs, 0L);
        }
        concurrencyCap = load.maxConcurrency();
        sendWhileSlotsFree();
        next = 0;
        long events = 0;
        double now = 0;
        while (true) {
            double tArrival = nextArrivalNs();
            double tEvent = heap.peekTime();
            if (tArrival == Double.POSITIVE_INFINITY && tEvent == Double.POSITIVE_INFINITY) {
                break;
            }
            if (tEvent <= tArrival) {
                now = tEvent;
                nowNs = now;
                int payload = heap.peekPayload();
                heap.pop();
                if (payload >= 0) {
                    ReplicaEngine e = engines[payload >>> 5];
                    if ((payload & 1) == STAGE_FREE) {
                        e.stageBusy = false;
                        startIteration(e, now);
                    } else {
                        now = finishIteration(e, (payload >>> 1) & 0xF, now);
                        nowNs = now;
                    }
                } else {
                    int r = -payload - 1;
                    ReplicaEngine e = engines[rq.decodeReplica[r]];
                    e.enqueue(r);
                    startIteration(e, now);
                }
            } else {
                now = tArrival;
                nowNs = now;
                frontendFreeNs = headReadyNs;
                headReadyNs = Double.NaN;
                int r = next++;
                ReplicaEngine e = engines[route(r)];
                rq.prefillReplica[r] = e.id;
                e.enqueue(r);
                startIteration(e, now);
            }
            if (verdict != null) {
                verdict.advance(now, rq);
                if (verdict.decided()) {
                    break;
                }
            }
            if (++events % PROGRESS_EVERY_EVENTS == 0) {
                if (listener.isCancelled()) {
                    throw new CancellationException("Simulation cancelled at " + next + " of " + n + " arrivals");
                }
                listener.progress(n == 0 ? 1.0 : 0.99 * next / n, "simulated " + next + " of " + n + " arrivals");
            }
        }
        sink.finish((long) now);
        listener.progress(1.0, "simulated " + n + " requests");
        return verdict != null ? null : buildResult(now);
    }

    /**
     * Sends requests while the client has a free slot. A request is sent at its arrival time, or now when it arrived
     * while every slot was taken; sends keep arrival order. Sending one ahead of its (future) arrival time is exact:
     * its slot stays free until then, because only later requests could take it.
     */
    private void sendWhileSlotsFree() {
        int n = rq.n;
        while (sent < n && inFlight < concurrencyCap) {
            if (rq.arrivalNs[sent] < nowNs) {
                rq.arrivalNs[sent] = (long) Math.ceil(nowNs);
            }
            sent++;
            inFlight++;
        }
    }

    /** A request left the fleet (finished or dropped): its client slot is free. */
    private void release() {
        inFlight--;
        if (sent < rq.n) {
            sendWhileSlotsFree();
        }
    }

    private int route(int r) {
        switch (config.router()) {
            case LEAST_OUTSTANDING:
                return leastOutstanding(entryReplicas);
            case PREFIX_AFFINITY: {
                int least = leastOutstanding(entryReplicas);
                int best = least;
                int bestHits = engines[least].cachedPrefixBlocks(r);
                for (int id : entryReplicas) {
                    int hits = engines[id].cachedPrefixBlocks(r);
                    if (hits > bestHits) {
                        best = id;
                        bestHits = hits;
                    }
                }
                int limit = 2 * engines[least].outstanding() + 4;
                return engines[best].outstanding() > limit ? least : best;
            }
            case WEIGHTED: {
                double total = 0;
                int best = -1;
                for (int g = 0; g < groupWeights.length; g++) {
                    if (groupWeights[g] <= 0) {
                        continue;
                    }
                    groupCurrentWeight[g] += groupWeights[g];
                    total += groupWeights[g];
                    if (best < 0 || groupCurrentWeight[g] > groupCurrentWeight[best]) {
                        best = g;
                    }
                }
                if (best < 0) {
                    return entryReplicas[rrCursor++ % entryReplicas.length];
                }
                groupCurrentWeight[best] -= total;
                int[] members = groupEntryReplicas[best];
                return members[groupRrCursor[best]++ % members.length];
            }
            default:
                int id = entryReplicas[rrCursor];
                rrCursor = (rrCursor + 1) % entryReplicas.length;
                return id;
        }
    }

    private int leastOutstanding(int[] candidates) {
        int best = candidates[0];
        int bestLoad = engines[best].outstanding();
        for (int i = 1; i < candidates.length; i++) {
            int load = engines[candidates[i]].outstanding();
            if (load < bestLoad) {
                best = candidates[i];
                bestLoad = load;
            }
        }
        return best;
    }

    /** Starts a micro-batch on {@code e} if its first stage is free and it has work. */
    private void startIteration(ReplicaEngine e, double now) {
        if (!e.canStart()) {
            return;
        }
        double total = e.planIteration(now, sink);
        if (e.batchSize == 0 || total <= 0) {
            return;
        }
        int slot = e.commitBatch(now);
        heap.push(now + total, (e.id << 5) | (slot << 1));
        double stage = total;
        if (e.pipelineDepth > 1) {
            stage = e.perf.stageTimeNs(total, e.batchSize);
            e.stageBusy = true;
            heap.push(now + stage, (e.id << 5) | (slot << 1) | STAGE_FREE);
        }
        if (verdict == null) {
            account(e, now, stage);
        }
    }

    /**
     * Applies a finished iteration and starts the next; returns the time reached. When the replica has only decodes
     * to run, the iterations no other event can come between (they end before the next arrival reaches the scheduler
     * and before any other event, and no request finishes or is preempted in them) run first in one go: the same
     * iterations with the same times, statistics and trace records, without rebuilding the batch for each.
     */
    private double finishIteration(ReplicaEngine e, int slot, double now) {
        sink.iteration(e.id, (long) e.slotStartNs[slot], (long) now, e.slotPrefillSeqs[slot], e.slotPrefillTokens[slot],
                e.slotDecodeSeqs[slot], e.slotDecodeCtx[slot]);
        e.completeIteration(slot, now);
        sink.counters(e.id, (long) now, e.queued(), e.runningCount(), e.kvUtilization());
        double reached = fastForward && e.decodingOnly() ? decodeStretch(e, now) : now;
        startIteration(e, reached);
        return reached;
    }

    /**
     * Runs the decode iterations of {@code e} that end no later than the next arrival reaches the scheduler (the
     * loop takes an iteration's end before an arrival at the same time) and before any other event (whose order
     * against a simultaneous end is the heap's); returns the time reached.
     */
    private double decodeStretch(ReplicaEngine e, double now) {
        double otherEventNs = heap.peekTime();
        // after the iteration that just ended: a closed loop may have sent a request in its slot
        double nextArrivalNs = nextArrivalNs();
        int most = e.startDecodeStretch();
        int done = 0;
        double t = now;
        while (done < most && e.stretchBlocksFree(done)) {
            double duration = e.stretchIterationNs(done);
            if (!(duration > 0) || t + duration > nextArrivalNs || t + duration >= otherEventNs) {
                break;
            }
            e.takeStretchIteration(done);
            if (verdict == null) {
                account(e, t, duration);
            }
            sink.iteration(e.id, (long) t, (long) (t + duration), 0, 0, e.batchDecodeSeqs, e.batchDecodeCtx);
            t += duration;
            sink.counters(e.id, (long) t, e.queued(), e.runningCount(), e.kvUtilization());
            done++;
        }
        if (done > 0) {
            e.endDecodeStretch(done);
            stretchedIterations += done;
        }
        return t;
    }

    private void account(ReplicaEngine e, double now, double dur) {
        ReplicaConfig rc = e.config;
        GpuType gpu = rc.gpu();
        int gpus = rc.gpuCount();
        int tokens = e.batchPrefillTokens + e.batchDecodeSeqs;
        // Each GPU holds 1/pp of the layers and is busy for one stage time per micro-batch.
        // A multi-step batch does its work once per step.
        double flops = e.batchSteps * e.perf.flopsPerGpu(tokens, e.batchPairs, e.batchDecodeCtx, e.batchSize) / rc.pp();
        double bytes = e.batchSteps * e.perf.bytesPerGpu(tokens, e.batchPrefillKv, e.batchDecodeCtx) / rc.pp();
        double peak = gpu.peakTflops(rc.gemmComputeDtype()) * 1e12;
        double s = dur * 1e-9;
        flopsDone += flops * gpus;
        flopCapacity += peak * s * gpus;
        bytesDone += bytes * gpus;
        byteCapacity += gpu.memBandwidthGBps() * 1e9 * s * gpus;
        energyJoules += gpus * config.energy().iterationJoules(gpu, dur, flops, peak, bytes);
        replicaBusyNs[e.id] += dur;
        busyNsTotal += dur;
        batchTokensWeighted += e.batchSize * dur;
        kvUtilWeighted += e.kvUtilization() * dur;
        int bucket = (int) Math.min(Integer.MAX_VALUE - 1, (long) (now / seriesIntervalNs));
        if (bucket >= seriesBatch.length) {
            int len = Math.max(bucket + 1, seriesBatch.length * 2);
            seriesBatch = Arrays.copyOf(seriesBatch, len);
            seriesKv = Arrays.copyOf(seriesKv, len);
        }
        seriesBatch[bucket] += e.batchSize * dur;
        seriesKv[bucket] += e.kvUtilization() * dur;
        seriesLength = Math.max(seriesLength, bucket + 1);
    }

    private SimulationResult buildResult(double endNs) {
        int n = rq.n;
        double startNs = n == 0 ? 0 : rq.arrivalNs[0];
        double durationS = Math.max(1e-9, (endNs - startNs) * 1e-9);
        double[] ttft = new double[n];
        double[] tpot = new double[n];
        double[] e2e = new double[n];
        int c = 0;
        int cTpot = 0;
        double sumE2eMinusTtft = 0;
        long outTokens = 0;
        long inTokens = 0;
        long preemptions = 0;
        int met = 0;
        Slo slo = config.slo();
        for (int i = 0; i < n; i++) {
            preemptions += rq.preemptions[i];
            if (Double.isNaN(rq.finishNs[i])) {
                continue;
            }
            double t = (rq.firstTokenNs[i] - rq.arrivalNs[i]) / 1e6;
            double e = (rq.finishNs[i] - rq.arrivalNs[i]) / 1e6;
            ttft[c] = t;
            e2e[c] = e;
            c++;
            double tp = 0;
            if (rq.output[i] > 1) {
                tp = (e - t) / (rq.output[i] - 1);
                tpot[cTpot++] = tp;
            }
            sumE2eMinusTtft += e - t;
            outTokens += rq.output[i];
            inTokens += rq.input[i];
            if (slo != null && slo.isMetBy(t, tp, e)) {
                met++;
            }
        }
        double gpuHours = 0;
        double costPerHour = 0;
        int gpuCount = 0;
        EnergyModel energy = config.energy();
        double idleJoules = 0;
        for (ReplicaEngine e : engines) {
            int g = e.config.gpuCount();
            gpuCount += g;
            costPerHour += g * e.config.gpu().price().onDemandUsdPerHour();
            double idleS = Math.max(0, durationS - replicaBusyNs[e.id] * 1e-9);
            idleJoules += g * energy.idlePowerW(e.config.gpu()) * idleS;
        }
        double totalJoules = energyJoules + idleJoules;
        double hours = durationS / 3600.0;
        double[] batchSeries = new double[seriesLength];
        double[] kvSeries = new double[seriesLength];
        double denom = seriesIntervalNs * (double) engines.length;
        for (int i = 0; i < seriesLength; i++) {
            batchSeries[i] = seriesBatch[i] / denom;
            kvSeries[i] = seriesKv[i] / denom;
        }
        SimulationSummary summary = new SimulationSummary(n, c, dropped, preemptions, durationS,
                LatencyStats.of(ttft, c), LatencyStats.of(tpot, cTpot), LatencyStats.of(e2e, c),
                outTokens == 0 ? Double.NaN : sumE2eMinusTtft / outTokens,
                c / durationS, outTokens / durationS, (outTokens + inTokens) / durationS,
                slo == null || n == 0 ? Double.NaN : (double) met / n,
                slo == null ? Double.NaN : met / durationS,
                busyNsTotal == 0 ? 0 : batchTokensWeighted / busyNsTotal,
                busyNsTotal == 0 ? 0 : kvUtilWeighted / busyNsTotal,
                flopCapacity == 0 ? 0 : flopsDone / flopCapacity,
                byteCapacity == 0 ? 0 : bytesDone / byteCapacity,
                costPerHour, outTokens == 0 ? Double.NaN : costPerHour * hours / (outTokens / 1e6),
                totalJoules, c == 0 ? Double.NaN : totalJoules / c, outTokens == 0 ? Double.NaN : totalJoules / outTokens,
                gpuCount);
        return new SimulationResult(summary, rq.arrivalNs.clone(), rq.firstTokenNs, rq.finishNs, rq.output.clone(),
                rq.preemptions, new TimeSeries("mean batch size per replica", seriesIntervalNs, batchSeries),
                new TimeSeries("mean KV utilization", seriesIntervalNs, kvSeries));
    }
}
