package io.fleetwise.planner.progress;

/** Receives progress of long work (simulation, search, import) and can ask it to stop. */
public interface ProgressListener {
    void progress(double fraction, String message);

    default boolean isCancelled() {
        return false;
    }

    ProgressListener NONE = (f, m) -> { };

    /**
     * This listener seen from a sub-task that covers {@code from..to} of the work: its 0..1 maps onto that span, its
     * messages and cancellation pass through.
     */
    default ProgressListener part(double from, double to) {
        ProgressListener outer = this;
        return new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                outer.progress(from + (to - from) * Math.max(0, Math.min(1, fraction)), message);
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }
}
