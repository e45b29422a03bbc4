package io.fleetwise.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.datastore.study.Study;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.service.FleetAllocationRequest;
import io.fleetwise.planner.service.WorkloadRequest;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.StudyJson;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.workload.LengthPresets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a report needs to know of a study before anything is computed: model, GPU types, workload and SLO.
 * Read from the study's JSON payload; fields the study does not set take the defaults named in
 * {@link #defaultsUsed()}, which the report prints so nobody mistakes a default for a study decision.
 */
public record StudyReportRequest(String studyName, String description, String modelName, List<String> gpuTypeNames,
                                 Optional<Cluster> cluster, Map<String, Integer> gpuCaps, String lengthPreset,
                                 double totalRatePerSecond, Slo slo, List<String> defaultsUsed,
                                 Optional<StudyDocument> document) {

    public static final double DEFAULT_RATE_PER_SECOND = 20.0;
    public static final String DEFAULT_LENGTHS = "chat";
    public static final Slo DEFAULT_SLO = Slo.of(2000, 100, 0.9);

    public StudyReportRequest {
        Objects.requireNonNull(studyName, "studyName");
        description = description == null ? "" : description;
        Objects.requireNonNull(modelName, "modelName");
        gpuTypeNames = List.copyOf(gpuTypeNames);
        Objects.requireNonNull(cluster, "cluster");
        gpuCaps = Map.copyOf(gpuCaps);
        Objects.requireNonNull(slo, "slo");
        defaultsUsed = List.copyOf(defaultsUsed);
        Objects.requireNonNull(document, "document");
    }

    /**
     * The fleet allocation this report shows when the study saved none: a study document's is exactly the Fleet
     * area's ({@link io.fleetwise.planner.service.FleetAllocationService#requestFor}, priced from the study's book);
     * an older payload's is the same defaults on its fields.
     */
    public FleetAllocationRequest allocation(io.fleetwise.planner.service.FleetAllocationService service,
                                             CalibrationSet calibration) {
        if (document.isPresent()) {
            return service.requestFor(document.get(), calibration);
        }
        return FleetAllocationRequest.defaults().withModel(modelName).withCandidates(gpuTypeNames, Map.of(), gpuCaps)
                .withWorkload(WorkloadRequest.generated(lengthPreset, totalRatePerSecond, WorkloadRequest.DEFAULT_REQUESTS),
                        totalRatePerSecond).withSlo(slo).withCalibration(calibration);
    }

    /**
     * Reads {@code model}, {@code gpuTypes}, {@code description} and, when present, {@code workload.lengths},
     * {@code workload.ratePerSecond}, {@code slo.ttftMs / tpotMs / attainment}.
     *
     * @throws IllegalArgumentException naming the study and field when the payload lacks what a report needs
     */
    public static StudyReportRequest fromStudy(Study study, Catalog catalog) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(study.payloadJson());
        } catch (IOException e) {
            throw new IllegalArgumentException("Study '" + study.name() + "': the stored payload is not JSON: "
                    + e.getMessage(), e);
        }
        String where = "Study '" + study.name() + "'";
        if (root.has("format") || root.has("cluster")) {
            return fromDocument(StudyJson.parse(where, study.payloadJson(), catalog, study.name()));
        }
        JsonNode model = root.path("model");
        String modelName = model.isTextual() ? model.asText() : model.path("name").asText("");
        if (modelName.isBlank()) {
            throw new IllegalArgumentException(where + " has no model (field 'model'); choose one in the Workload "
                    + "area before making a report.");
        }
        List<String> gpus = new ArrayList<>();
        for (JsonNode g : root.path("gpuTypes")) {
            gpus.add(g.asText());
        }
        if (gpus.isEmpty()) {
            throw new IllegalArgumentException(where + " names no GPU types (field 'gpuTypes'); add node groups or "
                    + "GPU types before making a report.");
        }
        List<String> defaults = new ArrayList<>();
        JsonNode workload = root.path("workload");
        String lengths = workload.path("lengths").asText("");
        if (lengths.isBlank()) {
            lengths = DEFAULT_LENGTHS;
            defaults.add("request lengths: preset '" + DEFAULT_LENGTHS + "'");
        } else if (!LengthPresets.names().contains(lengths.toLowerCase(Locale.ROOT))) {
            LengthPresets.preset(lengths); // throws with the list of presets
        }
        double rate = workload.path("ratePerSecond").asDouble(Double.NaN);
        if (Double.isNaN(rate)) {
            rate = DEFAULT_RATE_PER_SECOND;
            defaults.add(String.format(Locale.ROOT, "total request rate: %.0f req/s", DEFAULT_RATE_PER_SECOND));
        } else if (!(rate > 0)) {
            throw new IllegalArgumentException(where + ": workload.ratePerSecond must be > 0, was " + rate);
        }
        JsonNode sloNode = root.path("slo");
        Slo slo;
        if (sloNode.isMissingNode() || sloNode.isNull()) {
            slo = DEFAULT_SLO;
            defaults.add("SLO: TTFT 2000 ms, TPOT 100 ms, 90 % of requests");
        } else {
            try {
                slo = Slo.of(sloNode.path("ttftMs").asDouble(DEFAULT_SLO.ttftMs()),
                        sloNode.path("tpotMs").asDouble(DEFAULT_SLO.tpotMs()),
                        sloNode.path("attainment").asDouble(DEFAULT_SLO.attainment()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ", field 'slo': " + e.getMessage(), e);
            }
        }
        return new StudyReportRequest(study.name(), root.path("description").asText(""), modelName, gpus,
                Optional.empty(), Map.of(), lengths, rate, slo, defaults, Optional.empty());
    }

    /**
     * A {@code fleetwise-study/1} document: GPU types are those of its node groups; a node group's availability
     * cap (when set) caps the allocator, while the drawn node counts do not (the allocator answers how many to get).
     */
    public static StudyReportRequest fromDocument(StudyDocument doc) {
        String where = "Study '" + doc.name() + "'";
        if (doc.modelName().isBlank()) {
            throw new IllegalArgumentException(where + " has no model; choose one in the Workload area before making "
                    + "a report.");
        }
        if (doc.nodeGroups().isEmpty()) {
            throw new IllegalArgumentException(where + " has no node groups; add GPU types in the Cluster area before "
                    + "making a report.");
        }
        List<String> gpus = new ArrayList<>();
        Map<String, Integer> caps = new LinkedHashMap<>();
        for (NodeGroup g : doc.nodeGroups()) {
            if (!gpus.contains(g.gpu().name())) {
                gpus.add(g.gpu().name());
            }
            if (g.availabilityCapGpus() > 0) {
                caps.merge(g.gpu().name(), g.availabilityCapGpus(), Integer::sum);
            }
        }
        List<String> defaults = new ArrayList<>();
        if (doc.workload().source() != WorkloadSpec.Source.PRESET) {
            defaults.add("request lengths: preset '" + doc.workload().lengthPreset() + "' (the report does not yet "
                    + "replay the study's " + doc.workload().source().name().toLowerCase(Locale.ROOT) + " workload)");
        }
        return new StudyReportRequest(doc.name(), doc.description(), doc.modelName(), gpus, doc.cluster(), caps,
                doc.workload().lengthPreset(), doc.workload().ratePerS(), doc.slo(), defaults, Optional.of(doc));
    }
}
