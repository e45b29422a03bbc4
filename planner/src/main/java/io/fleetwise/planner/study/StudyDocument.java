package io.fleetwise.planner.study;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.Slo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a study holds, as one immutable value (schema {@value StudyJson#FORMAT}, see docs/study-format.md).
 * Edits make a new document ({@code with...}), which makes undo a stack of documents.
 *
 * @param nodeGroups the cluster's node groups; empty while the user has not designed one
 * @param results    results other capabilities store under their own key ("fleet", "plans", "whatIf"...) as
 *                   opaque JSON; the study keeps them without reading them
 * @param runIds     ids of executor runs that belong to this study
 * @param traceIds   ids of traces in the trace store that belong to this study
 */
public record StudyDocument(String name, String description, String clusterName, List<NodeGroup> nodeGroups,
                            String modelName, WorkloadSpec workload, Slo slo, Map<String, JsonNode> results,
                            List<Long> runIds, List<Long> traceIds) {

    public StudyDocument {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        clusterName = clusterName == null || clusterName.isBlank() ? "cluster" : clusterName;
        nodeGroups = List.copyOf(nodeGroups);
        modelName = modelName == null ? "" : modelName;
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(slo, "slo");
        results = Map.copyOf(results);
        runIds = List.copyOf(runIds);
        traceIds = List.copyOf(traceIds);
        if (nodeGroups.stream().map(NodeGroup::name).distinct().count() != nodeGroups.size()) {
            throw new IllegalArgumentException("Study '" + name + "': node group names must be unique");
        }
    }

    /** A new study: no cluster yet, chat preset at 1 request/s, the DistServe-style 90% SLO. */
    public static StudyDocument empty(String name) {
        return new StudyDocument(name, "", "cluster", List.of(), "", WorkloadSpec.preset("chat", 1.0),
                Slo.of(500, 50, 0.9), Map.of(), List.of(), List.of());
    }

    public Optional<Cluster> cluster() {
        return nodeGroups.isEmpty() ? Optional.empty() : Optional.of(new Cluster(clusterName, nodeGroups));
    }

    public StudyDocument withName(String newName) {
        return new StudyDocument(newName, description, clusterName, nodeGroups, modelName, workload, slo, results, runIds, traceIds);
    }

    public StudyDocument withDescription(String text) {
        return new StudyDocument(name, text, clusterName, nodeGroups, modelName, workload, slo, results, runIds, traceIds);
    }

    public StudyDocument withCluster(String newClusterName, List<NodeGroup> groups) {
        return new StudyDocument(name, description, newClusterName, groups, modelName, workload, slo, results, runIds, traceIds);
    }

    public StudyDocument withNodeGroups(List<NodeGroup> groups) {
        return withCluster(clusterName, groups);
    }

    public StudyDocument withModelName(String model) {
        return new StudyDocument(name, description, clusterName, nodeGroups, model, workload, slo, results, runIds, traceIds);
    }

    public StudyDocument withWorkload(WorkloadSpec spec) {
        return new StudyDocument(name, description, clusterName, nodeGroups, modelName, spec, slo, results, runIds, traceIds);
    }

    public StudyDocument withSlo(Slo newSlo) {
        return new StudyDocument(name, description, clusterName, nodeGroups, modelName, workload, newSlo, results, runIds, traceIds);
    }

    /** Stores (or with {@code null} removes) one capability's result. */
    public StudyDocument withResult(String key, JsonNode value) {
        Map<String, JsonNode> copy = new LinkedHashMap<>(results);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value.deepCopy());
        }
        return new StudyDocument(name, description, clusterName, nodeGroups, modelName, workload, slo, copy, runIds, traceIds);
    }

    public StudyDocument withRunId(long runId) {
        List<Long> copy = new ArrayList<>(runIds);
        copy.add(runId);
        return new StudyDocument(name, description, clusterName, nodeGroups, modelName, workload, slo, results, copy, traceIds);
    }

    public StudyDocument withTraceId(long traceId) {
        List<Long> copy = new ArrayList<>(traceIds);
        copy.add(traceId);
        return new StudyDocument(name, description, clusterName, nodeGroups, modelName, workload, slo, results, runIds, copy);
    }
}
