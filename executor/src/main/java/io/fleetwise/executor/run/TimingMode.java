package io.fleetwise.executor.run;

/**
 * PER_KERNEL brackets every operation with device timestamps (CUDA events); the GPU still runs the
 * iteration back to back, but when the host is slower than a kernel the launch gap lands in the
 * following operation's time. PER_ITERATION times whole iterations only (two events per iteration).
 */
public enum TimingMode { PER_KERNEL, PER_ITERATION }
