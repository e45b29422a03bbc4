package io.fleetwise.planner.sim;

/**
 * Version of what the simulator computes from its inputs: the iteration-level scheduling, the performance and memory
 * models and the steady-state window. Stored throughput-table cells are keyed by it, so a cell simulated under other
 * rules is never served again. Bump it with every change that can move a simulated figure; {@code
 * SimulatorVersionTest} fails until you do (it pins a digest of a few simulations per version).
 */
public final class SimulatorVersion {

    public static final int CURRENT = 3;

    private SimulatorVersion() {
    }
}
