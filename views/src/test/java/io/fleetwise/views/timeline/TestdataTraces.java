package io.fleetwise.views.timeline;

import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TraceWriter;
import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.planner.progress.ProgressListener;

/** A small serving trace: one step slice over 200 kernels of 1 ms every 2 ms, a launch thread with flows. */
final class TestdataTraces {
    static final long KERNEL_NS = 1_000_000;
    static final long PERIOD_NS = 2_000_000;
    static final int KERNELS = 200;

    private TestdataTraces() {
    }

    static long servingTrace(TraceStore store) {
        try (TraceWriter w = store.beginTrace("serving", null, "test", ProgressListener.NONE)) {
            long gpu = w.process("GPU 0", 1);
            long stream = w.track(gpu, TrackKind.THREAD, "stream 7", 7);
            long cpu = w.process("worker", 2);
            long thread = w.track(cpu, TrackKind.THREAD, "main", 1);
            w.slice(stream, 0, KERNELS * PERIOD_NS, "step", "iteration", "{\"batch\":8}");
            for (int i = 0; i < KERNELS; i++) {
                long start = i * PERIOD_NS + 500_000;
                long kernel = w.slice(stream, start, KERNEL_NS, "kernel_" + i, "kernel", "{\"grid\":\"" + (i + 1) + "x1x1\"}");
                long launch = w.slice(thread, start - 400_000, 100_000, "cudaLaunchKernel", "cuda_api", null);
                w.flow(launch, kernel, "launch", "ac2g");
            }
            return w.commit().id();
        }
    }
}
