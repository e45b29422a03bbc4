package io.fleetwise.planner.sim;

import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.model.SchedulerKind;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.perf.PerformanceModel;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One replica's scheduler and KV block pool. Each iteration is planned in O(running + admitted) with primitive
 * arrays. Package-private working state of {@link Simulator}.
 */
final class ReplicaEngine {
    /** vLLM keeps 1% of blocks free when admitting new prompts (BlockSpaceManager watermark 0.01). */
    static final double ADMISSION_WATERMARK = 0.01;

    final int id;
    final ReplicaConfig config;
    final PerformanceModel perf;
    final ReplicaRole role;
    final SchedulerKind kind;
    final int blockSize;
    final int maxSeqs;
    final int budget;
    /** Decode steps a decode-only batch runs before the scheduler runs again (vLLM multi-step scheduling). */
    final int schedulerSteps;
    final long totalBlocks;
    final int watermarkBlocks;
    long freeBlocks;
    final double frontendNs;

    private final RequestTable rq;
    // Waiting requests: a ring-buffer deque (preempted requests go back to the front).
    private int[] waiting = new int[64];
    private int waitHead;
    private int waitSize;
    // Running requests in admission order.
    private int[] running = new int[64];
    private int runningSize;
    // Current batch.
    int[] batchReq = new int[64];
    int[] batchChunk = new int[64];
    int batchSize;
    int batchPrefillTokens;
    int batchPrefillSeqs;
    double batchPairs;
    long batchPrefillKv;
    int batchDecodeSeqs;
    long batchDecodeCtx;
    /** Steps the planned batch runs: {@link #schedulerSteps} for a decode-only batch, else 1. */
    int batchSteps;
    // Micro-batches in flight: one without pipeline parallelism, up to pp with it (vLLM's virtual engines).
    final int pipelineDepth;
    int inFlightCount;
    boolean stageBusy;
    int[][] slotReq;
    int[][] slotChunk;
    int[] slotSize;
    boolean[] slotUsed;
    double[] slotStartNs;
    int[] slotPrefillSeqs;
    int[] slotPrefillTokens;
    int[] slotDecodeSeqs;
    long[] slotDecodeCtx;
    int[] slotSteps;
    // Prefix cache: block hash -> present, LRU by access order, holding up to the KV pool's size in hash blocks
    // (an approximation: vLLM can only keep blocks that running requests are not using).
    private final LinkedHashMap<Integer, Boolean> prefixCache;
    private final int prefixCacheCapacity;
    private final int[][] prefixHashes;
    private final int hashBlockTokens;
    private final Simulator.Callbacks cb;

    ReplicaEngine(int id, ReplicaConfig config, PerformanceModel perf, MemoryPlan memory, RequestTable rq,
                  int[][] prefixHashes, int hashBlockTokens, Simulator.Callbacks cb) {
        this.id = id;
        this.cb = cb;
        this.config = config;
        this.perf = perf;
        this.rq = rq;
        BatchingPolicy policy = config.batching();
        this.role = config.role();
        this.kind = policy.scheduler();
        this.blockSize = policy.blockSizeTokens();
        this.maxSeqs = policy.maxNumSeqs();
        this.budget = policy.maxBatchedTokens();
        this.schedulerSteps = policy.schedulerSteps();
        this.totalBlocks = memory.kvCapacityBlocks();
        this.freeBlocks = totalBlocks;
        this.watermarkBlocks = (int) Math.floor(ADMISSION_WATERMARK * totalBlocks);
        this.frontendNs = perf.frontendNs();
        this.pipelineDepth = config.pp();
        if (pipelineDepth > Simulator.MAX_PIPELINE_DEPTH) {
            throw new IllegalArgumentException("Replica " + config.label() + ": pp " + pipelineDepth + " exceeds the simulator's "
                    + Simulator.MAX_PIPELINE_DEPTH + " micro-batches in flight");
        }
        slotReq = new int[pipelineDepth][64];
        slotChunk = new int[pipelineDepth][64];
        slotSize = new int[pipelineDepth];
        slotUsed = new boolean[pipelineDepth];
        slotStartNs = new double[pipelineDepth];
        slotPrefillSeqs = new int[pipelineDepth];
        slotPrefillTokens = new int[pipelineDepth];
        slotDecodeSeqs = new int[pipelineDepth];
        slotDecodeCtx = new long[pipelineDepth];
        slotSteps = new int[pipelineDepth];
        this.prefixHashes = prefixHashes;
        this.hashBlockTokens = hashBlockTokens;
        boolean caching = policy.prefixCaching() && prefixHashes != null && hashBlockTokens > 0;
        this.prefixCacheCapacity = caching ? (int) Math.min(Integer.MAX_VALUE, memory.kvCapacityTokens() / hashBlockTokens) : 0;
        this.prefixCache = caching ? new LinkedHashMap<>(1024, 0.75f, true) : null;
    }

    /**
     * Whether a request of {@code tokens} tokens (input plus output) can never be dropped by a replica with this
     * memory and batching: its whole length fits the KV pool minus the admission watermark (the two places that drop
     * a request, admission and running out of blocks alone, need more than that).
     */
    static boolean alwaysFits(MemoryPlan memory, BatchingPolicy policy, long tokens) {
        long total = memory.kvCapacityBlocks();
        long watermark = (long) Math.floor(ADMISSION_WATERMARK * total);
        long blocks = (tokens + policy.blockSizeTokens() - 1) / policy.blockSizeTokens();
        return blocks <= total - watermark;
    }

    int outstanding() {
        return waitSize + runningSize;
    }

    int queued() {
        return waitSize;
    }

    int runningCount() {
        return runningSize;
    }

    double kvUtilization() {
        return totalBlocks == 0 ? 0 : 1.0 - (double) freeBlocks / totalBlocks;
    }

    void enqueue(int r) {
        if (waitSize == waiting.length) {
            int[] bigger = new int[waiting.length * 2];
            for (int i = 0; i < waitSize; i++) {
                bigger[i] = waiting[(waitHead + i) % waiting.length];
            }
            waiting = bigger;
            waitHead = 0;
        }
        waiting[(waitHead + waitSize) % waiting.length] = r;
        waitSize++;
    }

    private void enqueueFront(int r) {
        if (waitSize == waiting.length) {
            enqueue(r); // grows, then move to front below
            waitSize--;
        }
        waitHead = (waitHead - 1 + waiting.length) % waiting.length;
        waiting[waitHead] = r;
        waitSize++;
    }

    private int peekWaiting() {
        return waiting[waitHead];
    }

    private void popWaiting() {
        waitHead = (waitHead + 1) % waiting.length;
        waitSize--;
    }

    private void addRunning(int r) {
        if (runningSize == running.length) {
            running = java.util.Arrays.copyOf(running, running.length * 2);
        }
        running[runningSize++] = r;
    }

    private void addToBatch(int r, int chunk) {
        if (batchSize == batchReq.length) {
            batchReq = java.util.Arrays.copyOf(batchReq, batchSize * 2);
            batchChunk = java.util.Arrays.copyOf(batchChunk, batchSize * 2);
        }
        batchReq[batchSize] = r;
        batchChunk[batchSize] = chunk;
        batchSize++;
        if (chunk > 0) {
            batchPrefillTokens += chunk;
            batchPrefillSeqs++;
            batchPairs += chunk * (rq.prefilled[r] + (chunk + 1) / 2.0);
            batchPrefillKv += rq.prefilled[r] + chunk;
        } else {
            batchDecodeSeqs++;
            batchDecodeCtx += rq.input[r] + rq.generated[r];
        }
    }

    private long blocksFor(long tokens) {
        return (tokens + blockSize - 1) / blockSize;
    }

    /** Whether request r's current prefill is done (it decodes next). */
    private boolean prefillDone(int r) {
        return rq.prefilled[r] >= rq.prefillTarget[r];
    }

    /** Frees r's blocks and sends it back to the front of the queue to be recomputed. */
    private void preempt(int r, double nowNs, SimulationTraceSink sink) {
        freeBlocks += rq.blocks[r];
        rq.blocks[r] = 0;
        rq.prefilled[r] = 0;
        rq.prefillTarget[r] = rq.input[r] + rq.generated[r];
        rq.preemptions[r]++;
        enqueueFront(r);
        sink.preemption(id, (long) nowNs, r);
    }

    /** Removes running[index] keeping order. */
    private void removeRunningAt(int index) {
        System.arraycopy(running, index + 1, running, index, runningSize - index - 1);
        runningSize--;
    }

    /** Plans the next iteration; returns its duration in ns, or 0 when there is nothing to do. */
    double planIteration(double nowNs, SimulationTraceSink sink) {
        int droppedBefore;
        do {
            droppedBefore = droppedCount;
            planOnce(nowNs, sink);
            // A request dropped while planning frees room; plan again rather than idle with work waiting.
        } while (batchSize == 0 && droppedCount > droppedBefore && outstanding() > 0);
        if (batchSize == 0) {
            return 0;
        }
        if (schedulerSteps > 1 && batchPrefillTokens == 0) {
            // Multi-step: the decode batch runs its steps back to back; arrivals wait for the next scheduling.
            batchSteps = schedulerSteps;
            return perf.multiStepTimeNs(schedulerSteps, batchDecodeSeqs, batchDecodeCtx);
        }
        batchSteps = 1;
        return perf.iterationTimeNs(batchPrefillTokens, batchPrefillSeqs, batchPairs, batchPrefillKv, batchDecodeSeqs,
                batchDecodeCtx);
    }

    private int droppedCount;

    private void drop(int r) {
        droppedCount++;
        cb.dropped(r);
    }

    private void planOnce(double nowNs, SimulationTraceSink sink) {
        batchSize = 0;
        batchPrefillTokens = 0;
        batchPrefillSeqs = 0;
        batchPairs = 0;
        batchPrefillKv = 0;
        batchDecodeSeqs = 0;
        batchDecodeCtx = 0;
        switch (kind) {
            case SARATHI:
                planChunked(nowNs, sink);
                break;
            case ORCA:
                planOrca(nowNs);
                break;
            default:
                planPrefillFirst(nowNs, sink);
                break;
        }
    }

    /**
     * Schedules the running decodes, preempting the latest-admitted schedulable request (never one in flight in
     * another pipeline micro-batch, never one already in this batch) while blocks run out.
     */
    private void scheduleDecodes(double nowNs, SimulationTraceSink sink) {
        int i = 0;
        while (i < runningSize && batchSize < maxSeqs) {
            int r = running[i];
            if (rq.inFlight[r] || !prefillDone(r)) {
                i++;
                continue;
            }
            // Multi-step reserves the slots of the steps ahead (vLLM's lookahead slots).
            long need = blocksFor((long) rq.input[r] + rq.generated[r] + schedulerSteps - 1) - rq.blocks[r];
            if (need <= freeBlocks) {
                if (need > 0) {
                    freeBlocks -= need;
                    rq.blocks[r] += (int) need;
                }
                addToBatch(r, 0);
                i++;
                continue;
            }
            if (runningSize == 1) {
                // Alone and still out of blocks: the sequence outgrew the whole KV pool (vLLM aborts it).
                freeBlocks += rq.blocks[r];
                rq.blocks[r] = 0;
                runningSize = 0;
                drop(r);
                return;
            }
            int v = runningSize - 1;
            while (rq.inFlight[running[v]]) {
                v--; // r itself is not in flight, so v stops at i at the latest
            }
            int victim = running[v];
            removeRunningAt(v);
            preempt(victim, nowNs, sink);
            // if the victim was r, running[i] is now the next request; otherwise retry r
        }
    }

    private boolean admitBlocks(int r, long tokensAfter, boolean newRequest) {
        long need = blocksFor(tokensAfter) - rq.blocks[r];
        long reserve = newRequest ? watermarkBlocks : 0;
        if (need > 0 && freeBlocks - need < reserve) {
            return false;
        }
        if (need > 0) {
            freeBlocks -= need;
            rq.blocks[r] += (int) need;
        }
        return true;
    }

    /** Sarathi / vLLM chunked prefill: decodes first, then chunks of running and waiting prefills under the budget. */
    private void planChunked(double nowNs, SimulationTraceSink sink) {
        scheduleDecodes(nowNs, sink);
        int left = budget - batchSize;
        for (int i = 0; i < runningSize && left > 0 && batchSize < maxSeqs; i++) {
            int r = running[i];
            if (rq.inFlight[r] || prefillDone(r)) {
                continue;
            }
            int chunk = Math.min(rq.prefillTarget[r] - rq.prefilled[r], left);
            if (!admitBlocks(r, (long) rq.prefilled[r] + chunk, false)) {
                break;
            }
            addToBatch(r, chunk);
            left -= chunk;
        }
        while (waitSize > 0 && left > 0 && batchSize < maxSeqs) {
            int r = peekWaiting();
            int before = waitSize;
            if (!admitFromQueue(r, nowNs)) {
                if (waitSize < before) {
                    continue; // dropped as too long
                }
                break;
            }
            if (prefillDone(r)) {
                addToBatch(r, 0); // KV arrived from a prefill replica: decode right away
                left -= 1;
                continue;
            }
            int chunk = Math.min(rq.prefillTarget[r] - rq.prefilled[r], left);
            if (!admitBlocks(r, (long) rq.prefilled[r] + chunk, true)) {
                undoAdmission(r);
                break;
            }
            addToBatch(r, chunk);
            left -= chunk;
        }
    }

    /** vLLM without chunking: whole prompts first (running decodes pause); otherwise one decode step for all. */
    private void planPrefillFirst(double nowNs, SimulationTraceSink sink) {
        int tokens = 0;
        while (waitSize > 0 && batchSize < maxSeqs) {
            int r = peekWaiting();
            int remaining = rq.prefillTarget[r] - rq.prefilled[r];
            if (remaining > 0 && tokens > 0 && tokens + remaining > budget) {
                break;
            }
            int before = waitSize;
            if (!admitFromQueue(r, nowNs)) {
                if (waitSize < before) {
                    continue; // dropped as too long
                }
                break;
            }
            if (remaining <= 0) {
                continue; // arrived with its KV (disaggregated): joins the decodes
            }
            if (!admitBlocks(r, rq.prefillTarget[r], true)) {
                undoAdmission(r);
                break;
            }
            addToBatch(r, remaining);
            tokens += remaining;
        }
        if (batchSize == 0) {
            scheduleDecodes(nowNs, sink);
        }
    }

    /** Orca: requests reserve KV for their whole length on admission; prompts run whole beside the decodes. */
    private void planOrca(double nowNs) {
        for (int i = 0; i < runningSize && batchSize < maxSeqs; i++) {
            int r = running[i];
            if (!rq.inFlight[r] && prefillDone(r)) {
                addToBatch(r, 0);
            }
        }
        int tokens = 0;
        while (waitSize > 0 && batchSize < maxSeqs) {
            int r = peekWaiting();
            int remaining = rq.prefillTarget[r] - rq.prefilled[r];
            if (remaining > 0 && tokens > 0 && tokens + remaining > budget) {
                break;
            }
            long need = blocksFor((long) rq.input[r] + rq.output[r]) - rq.blocks[r];
            if (need > freeBlocks && need <= totalBlocks - watermarkBlocks) {
                break;
            }
            int before = waitSize;
            if (!admitFromQueue(r, nowNs)) {
                if (waitSize < before) {
                    continue; // dropped as too long
                }
                break;
            }
            freeBlocks -= need;
            rq.blocks[r] += (int) need;
            addToBatch(r, remaining > 0 ? remaining : 0);
            tokens += Math.max(0, remaining);
        }
    }

    /** Moves the head of the queue into running (applying prefix-cache hits); false if it cannot start now. */
    private boolean admitFromQueue(int r, double nowNs) {
        long lifetimeBlocks = blocksFor(kind == SchedulerKind.ORCA ? (long) rq.input[r] + rq.output[r]
                : (long) rq.prefillTarget[r] + 1);
        if (lifetimeBlocks > totalBlocks - watermarkBlocks) {
            // Longer than the whole KV pool can ever hold: vLLM rejects such prompts.
            popWaiting();
            drop(r);
            return false;
        }
        if (prefillDone(r)) {
            // KV transferred in: needs blocks for its context.
            if (!admitBlocks(r, (long) rq.input[r] + rq.generated[r], true)) {
                return false;
            }
        } else if (prefixCache != null && rq.prefilled[r] == 0 && rq.generated[r] == 0) {
            int hits = prefixHits(r);
            rq.prefilled[r] = Math.min(rq.prefillTarget[r] - 1, hits * hashBlockTokens);
        }
        popWaiting();
        addRunning(r);
        if (Double.isNaN(rq.scheduledNs[r])) {
            rq.scheduledNs[r] = nowNs;
        }
        return true;
    }

    private void undoAdmission(int r) {
        runningSize--;
        rq.prefilled[r] = 0;
        enqueueFront(r);
    }

    private int prefixHits(int r) {
        int[] hashes = prefixHashes[r];
        if (hashes == null) {
            return 0;
        }
        int hits = 0;
        while (hits < hashes.length && prefixCache.containsKey(hashes[hits])) {
            prefixCache.get(hashes[hits]); // touch for LRU
            hits++;
        }
        return hits;
    }

    /** Leading prefix blocks of request r this replica has cached, without touching the LRU order. */
    int cachedPrefixBlocks(int r) {
        if (prefixCache == null || prefixHashes[r] == null) {
            return 0;
        }
        int[] hashes = prefixHashes[r];
        int hits = 0;
        while (hits < hashes.length && prefixCache.containsKey(hashes[hits])) {
            hits++;
        }
        return hits;
    }

    /** A finished prefill's blocks become reusable (vLLM caches a block once its KV is computed). */
    private void cachePrefix(int r) {
        int[] hashes = prefixHashes[r];
        if (hashes == null) {
            return;
        }
        for (int hash : hashes) {
            prefixCache.put(hash, Boolean.TRUE);
        }
        while (prefixCache.size() > prefixCacheCapacity) {
            Map.Entry<Integer, Boolean> eldest = prefixCache.entrySet().iterator().next();
            prefixCache.remove(eldest.getKey());
        }
    }

    /**
     * Applies a finished iteration at {@code nowNs}: advances prefills and decodes, records first tokens and
     * finishes. Calls {@code done} for each finished request and {@code handOff} for requests a prefill replica
     * passes on.
     */
    /**
     * Whether the next iterations decode every running request and nothing else: nobody waits, every running request
     * has its prompt done, one micro-batch at a time, and a scheduler that allocates KV as sequences grow (not Orca).
     */
    boolean decodingOnly() {
        if (waitSize > 0 || pipelineDepth != 1 || inFlightCount > 0 || role != ReplicaRole.MIXED
                || kind == SchedulerKind.ORCA || prefixCache != null || runningSize == 0 || schedulerSteps > 1) {
            return false;
        }
        for (int i = 0; i < runningSize; i++) {
            if (!prefillDone(running[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starts a stretch of pure decode iterations (requires {@link #decodingOnly()}): each has the first
     * {@code maxSeqs} running requests as its batch, adds one token to each, and needs a new KV block for each
     * sequence that passes a block's end. Returns how many iterations may run before one in which a request
     * finishes (that one goes through the usual path); 0 when none.
     */
    int startDecodeStretch() {
        int b = Math.min(runningSize, maxSeqs);
        int left = Integer.MAX_VALUE;
        long ctx = 0;
        for (int i = 0; i < b; i++) {
            int r = running[i];
            left = Math.min(left, rq.output[r] - rq.generated[r]);
            ctx += rq.input[r] + rq.generated[r];
        }
        int iterations = left - 1;
        if (iterations <= 0) {
            return 0;
        }
        if (stretchNewBlocks.length < iterations) {
            stretchNewBlocks = new int[Math.max(iterations, stretchNewBlocks.length * 2)];
        }
        java.util.Arrays.fill(stretchNewBlocks, 0, iterations, 0);
        for (int i = 0; i < b; i++) {
            int r = running[i];
            long tokens = (long) rq.input[r] + rq.generated[r];
            // iteration j needs blocksFor(tokens + j) blocks: one more each time tokens + j passes a block's end
            long first = (long) rq.blocks[r] * blockSize + 1 - tokens;
            if (first < 0) {
                return 0; // more than one block short: the usual path allocates that
            }
            for (long j = first; j < iterations; j += blockSize) {
                stretchNewBlocks[(int) j]++;
            }
        }
        stretchBatch = b;
        stretchContext = ctx;
        return iterations;
    }

    /** Whether iteration {@code j} of the stretch finds its new KV blocks free (else its plan preempts). */
    boolean stretchBlocksFree(int j) {
        return stretchNewBlocks[j] <= freeBlocks;
    }

    /** Duration of iteration {@code j} of the stretch, as planning it would compute. */
    double stretchIterationNs(int j) {
        return perf.iterationTimeNs(0, 0, 0, 0, stretchBatch, stretchContext + (long) j * stretchBatch);
    }

    /** Runs iteration {@code j} of the stretch: allocates its blocks and leaves its batch as planning would. */
    void takeStretchIteration(int j) {
        freeBlocks -= stretchNewBlocks[j];
        batchSteps = 1;
        batchSize = stretchBatch;
        batchPrefillTokens = 0;
        batchPrefillSeqs = 0;
        batchPairs = 0;
        batchPrefillKv = 0;
        batchDecodeSeqs = stretchBatch;
        batchDecodeCtx = stretchContext + (long) j * stretchBatch;
    }

    /** Ends the stretch after {@code done} iterations: each request of the batch has that many more tokens and their blocks. */
    void endDecodeStretch(int done) {
        for (int i = 0; i < stretchBatch; i++) {
            int r = running[i];
            long tokensAtLast = (long) rq.input[r] + rq.generated[r] + done - 1;
            rq.blocks[r] = (int) Math.max(rq.blocks[r], blocksFor(tokensAtLast));
            rq.generated[r] += done;
        }
    }

    // A stretch of decode iterations: its batch (the first stretchBatch running requests), their context at its
    // start, and the new KV blocks each iteration allocates.
    private int stretchBatch;
    private long stretchContext;
    private int[] stretchNewBlocks = new int[64];

    /** Whether another micro-batch may start now. */
    boolean canStart() {
        return !stageBusy && inFlightCount < pipelineDepth;
    }

    /** Moves the planned batch into a free in-flight slot and marks its requests; returns the slot. */
    int commitBatch(double nowNs) {
        int slot = 0;
        while (slotUsed[slot]) {
            slot++;
        }
        if (slotReq[slot].length < batchSize) {
            slotReq[slot] = new int[batchReq.length];
            slotChunk[slot] = new int[batchReq.length];
        }
        System.arraycopy(batchReq, 0, slotReq[slot], 0, batchSize);
        System.arraycopy(batchChunk, 0, slotChunk[slot], 0, batchSize);
        if (pipelineDepth > 1) {
            // with one micro-batch at a time nothing is in flight while the next is planned, so no marks are needed
            for (int k = 0; k < batchSize; k++) {
                rq.inFlight[batchReq[k]] = true;
            }
        }
        slotSize[slot] = batchSize;
        slotUsed[slot] = true;
        slotStartNs[slot] = nowNs;
        slotPrefillSeqs[slot] = batchPrefillSeqs;
        slotPrefillTokens[slot] = batchPrefillTokens;
        slotDecodeSeqs[slot] = batchDecodeSeqs;
        slotDecodeCtx[slot] = batchDecodeCtx;
        slotSteps[slot] = batchSteps;
        inFlightCount++;
        return slot;
    }

    void completeIteration(int slot, double nowNs) {
        int[] reqs = slotReq[slot];
        int[] chunks = slotChunk[slot];
        int size = slotSize[slot];
        int steps = slotSteps[slot];
        slotUsed[slot] = false;
        inFlightCount--;
        boolean marked = pipelineDepth > 1;
        boolean leaving = false;
        for (int k = 0; k < size; k++) {
            int r = reqs[k];
            if (marked) {
                rq.inFlight[r] = false;
            }
            int chunk = chunks[k];
            if (chunk > 0) {
                rq.prefilled[r] += chunk;
                if (rq.prefilled[r] < rq.prefillTarget[r]) {
                    continue;
                }
            }
            if (chunk > 0 && prefixCache != null) {
                cachePrefix(r);
            }
            // A prefill completes with its first token; a decode of a multi-step batch makes one token per step.
            int generated = rq.generated[r] = chunk > 0 ? rq.generated[r] + 1 : Math.min(rq.output[r], rq.generated[r] + steps);
            if (generated == 1) {
                rq.firstTokenNs[r] = nowNs;
            }
            leaving |= generated >= rq.output[r] || role == ReplicaRole.PREFILL;
        }
        if (!leaving) {
            return; // only a request of this batch can have finished (or, on a prefill replica, be handed off)
        }
        // Remove finished requests and (on a prefill replica) those handed off, keeping order.
        int w = 0;
        for (int i = 0; i < runningSize; i++) {
            int r = running[i];
            boolean finished = rq.generated[r] >= rq.output[r];
            boolean handOff = !finished && role == ReplicaRole.PREFILL && prefillDone(r) && rq.generated[r] >= 1;
            if (finished || handOff) {
                freeBlocks += rq.blocks[r];
                rq.blocks[r] = 0;
                if (finished) {
                    rq.finishNs[r] = nowNs;
                    cb.finished(r);
                } else {
                    cb.handOff(r, id, nowNs);
                }
            } else {
                running[w++] = r;
            }
        }
        runningSize = w;
    }
}
