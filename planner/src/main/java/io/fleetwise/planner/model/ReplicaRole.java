package io.fleetwise.planner.model;

/** Whether a replica serves whole requests or one phase of a disaggregated (DistServe-style) deployment. */
public enum ReplicaRole {
    MIXED, PREFILL, DECODE
}
