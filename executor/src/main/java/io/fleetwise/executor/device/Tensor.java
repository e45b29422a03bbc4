package io.fleetwise.executor.device;

import java.util.Objects;

/**
 * A 2-D row-major view of device memory: {@code rows x cols} elements, {@code rowStride} elements
 * between row starts, beginning {@code offset} elements into its allocation. Views share storage,
 * so the Q, K and V column ranges of one QKV projection can be handed to different kernels.
 */
public final class Tensor {
    private final ComputeDevice device;
    private final Object storage;
    private final String name;
    private final ElementType type;
    private final int rows;
    private final int cols;
    private final int rowStride;
    private final long offset;

    Tensor(ComputeDevice device, Object storage, String name, ElementType type, int rows, int cols, int rowStride, long offset) {
        this.device = Objects.requireNonNull(device, "device");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.name = name;
        this.type = type;
        this.rows = rows;
        this.cols = cols;
        this.rowStride = rowStride;
        this.offset = offset;
    }

    public String name() { return name; }
    public ElementType type() { return type; }
    public int rows() { return rows; }
    public int cols() { return cols; }
    public int rowStride() { return rowStride; }
    public long offset() { return offset; }
    public ComputeDevice device() { return device; }
    Object storage() { return storage; }

    public long elements() {
        return (long) rows * cols;
    }

    /** Whether rows follow each other without gaps (a fresh allocation or a row range of one). */
    public boolean isContiguous() {
        return rowStride == cols || rows <= 1;
    }

    /** Columns {@code [start, start+count)} of every row. */
    public Tensor columns(int start, int count) {
        if (start < 0 || count < 0 || start + count > cols) {
            throw new IllegalArgumentException(name + ": columns " + start + ".." + (start + count) + " outside 0.." + cols);
        }
        return new Tensor(device, storage, name + "[:, " + start + ":" + (start + count) + "]", type, rows, count, rowStride, offset + start);
    }

    /** Rows {@code [start, start+count)}. */
    public Tensor rows(int start, int count) {
        if (start < 0 || count < 0 || start + count > rows) {
            throw new IllegalArgumentException(name + ": rows " + start + ".." + (start + count) + " outside 0.." + rows);
        }
        return new Tensor(device, storage, name + "[" + start + ":" + (start + count) + "]", type, count, cols, rowStride, offset + (long) start * rowStride);
    }

    @Override
    public String toString() {
        return name + " " + type.label() + "[" + rows + "x" + cols + (isContiguous() ? "" : ", stride " + rowStride) + "]";
    }
}
