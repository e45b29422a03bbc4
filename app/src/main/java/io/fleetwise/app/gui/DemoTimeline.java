package io.fleetwise.app.gui;

import io.fleetwise.datastore.trace.SimulationTraceRecorder;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TraceWriter;
import io.fleetwise.planner.alloc.simulated.ReplicaCandidates;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.ReplicaGroup;
import io.fleetwise.planner.sim.SimulationConfig;
import io.fleetwise.planner.sim.Simulator;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.workload.RequestTrace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The short timeline a study without traces gets on its first opening, so the Timeline area shows something real
 * instead of an empty pane: the plan the Simulate area opens on for the study (its first node group's GPU type at
 * the smallest parallelism that holds the model) serving the first {@link #REQUESTS} requests of the study's own
 * workload, simulated by the serving simulator and stored in the trace store like any simulation trace.
 */
final class DemoTimeline {

    /** Enough requests for queueing, batching and preemption to show; a second or two of simulation. */
    static final int REQUESTS = 200;

    private DemoTimeline() {
    }

    /** The replica the study's plan runs on, if its cluster's first GPU type can hold its model at all. */
    static Optional<ReplicaConfig> plannedReplica(StudyDocument study, Catalog catalog) {
        if (study.nodeGroups().isEmpty() || study.modelName() == null
                || catalog.models().stream().noneMatch(m -> m.name().equals(study.modelName()))) {
            return Optional.empty();
        }
        ModelSpec model = catalog.model(study.modelName());
        List<ReplicaConfig> fitting = ReplicaCandidates.fitting(model, List.of(study.nodeGroups().get(0).gpu()), 1);
        return fitting.isEmpty() ? Optional.empty() : Optional.of(fitting.get(0));
    }

    /**
     * Simulates the study's plan on the head of its workload and stores the timeline; empty when the study has no
     * plan to simulate (no cluster, no model, or a model its GPUs cannot hold).
     */
    static Optional<TraceInfo> simulate(StudyDocument study, Catalog catalog, CalibrationSet calibration,
                                        TraceStore store, long studyId, ProgressListener progress) {
        Optional<ReplicaConfig> replica = plannedReplica(study, catalog);
        if (replica.isEmpty()) {
            return Optional.empty();
        }
        ModelSpec model = catalog.model(study.modelName());
        RequestTrace requests;
        try {
            requests = study.workload().withRequests(REQUESTS).trace();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the workload of study '" + study.name() + "'", e);
        }
        SimulationConfig config = SimulationConfig.of(model, List.of(ReplicaGroup.of(replica.get(), 1)), study.slo(),
                calibration);
        String name = study.name() + ": " + replica.get().label() + ", first " + requests.size() + " requests (simulated)";
        try (TraceWriter writer = store.beginTrace(name, studyId, "simulator", ProgressListener.NONE)) {
            Simulator.run(config, requests, progress, new SimulationTraceRecorder(writer));
            return Optional.of(writer.commit());
        }
    }
}
