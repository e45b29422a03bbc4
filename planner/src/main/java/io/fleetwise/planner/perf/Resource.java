package io.fleetwise.planner.perf;

/** What limits an operator: the roofline side it sits on, the links, or kernel launch and host time. */
public enum Resource {
    COMPUTE, MEMORY, COMMUNICATION, LAUNCH_OVERHEAD
}
