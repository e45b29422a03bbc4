package io.fleetwise.executor.device;

/**
 * Timestamps taken in the device's execution order: CUDA events on the GPU stream, {@link System#nanoTime()}
 * on the CPU. {@link #intervalsNs()} waits for the device and returns the time between consecutive marks.
 */
public interface EventTimer extends AutoCloseable {
    void mark();

    long[] intervalsNs();

    /** Forgets the marks so the timer can be reused for the next iteration. */
    void reset();

    @Override
    void close();
}
