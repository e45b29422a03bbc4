package io.fleetwise.planner.study;

import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.WorkloadBuckets;
import io.fleetwise.planner.alloc.simulated.ReplicaCandidates;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.workload.RequestTrace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a what-if needs of a study, resolved once: the model, the replica configs of the cluster's GPU types, the
 * workload's length buckets (those carrying traffic) and base rate, the SLO, the explicit availability caps and the
 * calibration the throughputs are predicted with.
 */
public record WhatIfStudy(String studyName, ModelSpec model, List<ReplicaConfig> replicas, List<WorkloadBucket> buckets,
                          double baseRatePerS, Slo slo, Map<String, Integer> gpuCaps, WhatIfSettings settings,
                          CalibrationSet calibration) {

    /** Bucket edges the what-if uses: the Workload area's heat map buckets. */
    public static final int[] INPUT_EDGES = {1, 128, 512, 2048, 8192, 32768};
    public static final int[] OUTPUT_EDGES = {1, 64, 256, 1024, 4096};

    public WhatIfStudy {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(calibration, "calibration");
        replicas = List.copyOf(replicas);
        buckets = List.copyOf(buckets);
        gpuCaps = Map.copyOf(gpuCaps);
    }

    /** @throws IllegalArgumentException naming what the study lacks (cluster, model, a GPU that holds the model) */
    public static WhatIfStudy of(StudyDocument study, Catalog catalog, WhatIfSettings settings,
                                 CalibrationSet calibration) {
        Cluster cluster = study.cluster().orElseThrow(() -> new IllegalArgumentException(
                "Study '" + study.name() + "' has no cluster yet. Maybe add node groups in the Cluster area."));
        if (study.modelName().isEmpty()) {
            throw new IllegalArgumentException("Study '" + study.name() + "' has no model. Maybe choose one in the Workload area.");
        }
        ModelSpec model = catalog.model(study.modelName());
        List<GpuType> gpus = cluster.groups().stream().map(g -> g.gpu()).distinct().toList();
        List<ReplicaConfig> replicas = ReplicaCandidates.fitting(model, gpus, settings.replicaSizesPerType());
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("No GPU type of the cluster can hold " + model.name()
                    + " in one replica. Maybe add larger GPUs or more per node.");
        }
        RequestTrace trace;
        try {
            trace = study.workload().trace();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the study's trace: " + e.getMessage(), e);
        }
        List<WorkloadBucket> buckets = WorkloadBuckets.fromTrace(trace, INPUT_EDGES, OUTPUT_EDGES).stream()
                .filter(b -> b.rateShare() > 0).toList();
        double baseRate = study.workload().source() == WorkloadSpec.Source.TRACE ? trace.meanRatePerS()
                : study.workload().ratePerS();
        // Like the Fleet area: the cluster says which GPU types are in play; only explicit availability caps bound
        // how many a plan may use (a what-if asks what to buy, not only what fits in today's racks).
        Map<String, Integer> caps = new LinkedHashMap<>();
        cluster.groups().stream().filter(g -> g.availabilityCapGpus() > 0)
                .forEach(g -> caps.merge(g.gpu().name(), g.availabilityCapGpus(), Integer::sum));
        return new WhatIfStudy(study.name(), model, replicas, buckets, baseRate, study.slo(), caps, settings, calibration);
    }

    /** The GPU types that have a candidate replica, in cluster order. */
    public List<String> gpuTypes() {
        return replicas.stream().map(r -> r.gpu().name()).distinct().toList();
    }

    /** The SLO of a variant: the study's, with the variant's TPOT target when it sets one. */
    public Slo sloOf(WhatIfVariant variant) {
        return variant.changesSlo() ? withTpot(variant.tpotMs()) : slo;
    }

    public Slo withTpot(double tpotMs) {
        return new Slo(slo.ttftMs(), tpotMs, slo.e2eMs(), slo.attainment());
    }

    /**
     * Everything a throughput table depends on. Prices, rate, shares and caps are left out: they only change the
     * solve, so a table serves every traffic and price variant.
     */
    public TableKey tableKey(Slo variantSlo) {
        return new TableKey(model.name(), replicas.stream().map(ReplicaConfig::label).toList(),
                buckets.stream().map(b -> List.of(b.inputMinTokens(), b.inputMaxTokens(), b.outputMinTokens(),
                        b.outputMaxTokens())).toList(), variantSlo, settings,
                // a new calibration of one of these GPU types (or another engine) changes their simulated throughputs
                gpuTypes().stream().map(calibration::fingerprintFor).toList());
    }

    /** Identifies one cached throughput table. */
    public record TableKey(String model, List<String> replicaLabels, List<List<Integer>> bucketRanges, Slo slo,
                           WhatIfSettings settings, List<String> calibrationFingerprints) {
    }
}
