package io.fleetwise.planner.progress;

public interface ProgressListener { void progress(double fraction, String message); default boolean isCancelled() { return false; } ProgressListener NONE = (f, m) -> {}; }
