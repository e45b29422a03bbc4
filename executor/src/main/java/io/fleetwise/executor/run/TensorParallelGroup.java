package io.fleetwise.executor.run;

import io.fleetwise.executor.device.ComputeDevice;
import io.fleetwise.executor.device.DeviceException;
import io.fleetwise.executor.device.Tensor;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;

/**
 * The ranks of one tensor-parallel group, one device each, each run by its own thread (as one process per GPU
 * is in a serving engine). {@link #allReduce} sums a [tokens, hidden] buffer over the ranks for real as a ring:
 * N-1 reduce-scatter steps (copy the left neighbour's chunk with {@link ComputeDevice#copyFrom}, add it with the
 * device's residual-add kernel) and N-1 all-gather steps (copy the reduced chunk on), each step ended by a barrier
 * once every rank's device has finished it. Chunks are row ranges, so every copy is one contiguous transfer.
 */
final class TensorParallelGroup {
    private final int size;
    private final CyclicBarrier barrier;
    private final Tensor[] buffers;

    TensorParallelGroup(int size) {
        if (size < 2) {
            throw new IllegalArgumentException("A tensor-parallel group needs at least 2 devices, got " + size);
        }
        this.size = size;
        this.barrier = new CyclicBarrier(size);
        this.buffers = new Tensor[size];
    }

    int size() {
        return size;
    }

    /** Breaks the barrier so ranks waiting on a failed or cancelled rank stop too. */
    void abort() {
        barrier.reset();
    }

    /**
     * Sums {@code buffer} (this rank's partial result, [rows, cols] contiguous) over the group in place; every rank
     * calls it with the same shape. {@code scratch} is a receive buffer of this rank at least as large.
     */
    void allReduce(int rank, ComputeDevice device, Tensor buffer, Tensor scratch) {
        int rows = buffer.rows();
        device.synchronize();
        buffers[rank] = buffer;
        await();
        int left = (rank - 1 + size) % size;
        for (int step = 0; step < size - 1; step++) {
            int c = Math.floorMod(rank - 1 - step, size);
            int from = chunkStart(c, rows), count = chunkStart(c + 1, rows) - from;
            if (count > 0) {
                Tensor recv = scratch.rows(0, count);
                device.copyFrom(buffers[left].rows(from, count), recv);
                device.residualAdd(buffer.rows(from, count), recv);
            }
            device.synchronize();
            await();
        }
        for (int step = 0; step < size - 1; step++) {
            int c = Math.floorMod(rank - step, size);
            int from = chunkStart(c, rows), count = chunkStart(c + 1, rows) - from;
            if (count > 0) {
                device.copyFrom(buffers[left].rows(from, count), buffer.rows(from, count));
            }
            device.synchronize();
            await();
        }
    }

    private int chunkStart(int chunk, int rows) {
        return (int) ((long) chunk * rows / size);
    }

    private void await() {
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Tensor-parallel run interrupted");
        } catch (BrokenBarrierException e) {
            throw new DeviceException("Another device of the tensor-parallel group failed or was cancelled");
        }
    }
}
