package io.fleetwise.planner.service;

import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.study.WhatIfSettings;
import io.fleetwise.planner.study.WhatIfVariant;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a what-if needs of a study, resolved once: the study's fleet allocation ({@link FleetAllocationRequest#fromStudy}
 * at the what-if's settings), prepared by the {@link FleetAllocationService}. Its base variant is that allocation, so
 * the what-if's base row and the Fleet area answer the same for the same study.
 */
public record WhatIfStudy(String studyName, FleetAllocationService.Prepared prepared, WhatIfSettings settings) {

    public WhatIfStudy {
        Objects.requireNonNull(studyName, "studyName");
        Objects.requireNonNull(prepared, "prepared");
        Objects.requireNonNull(settings, "settings");
    }

    public FleetAllocationRequest request() {
        return prepared.request();
    }

    public ModelSpec model() {
        return prepared.model();
    }

    public List<ReplicaConfig> replicas() {
        return prepared.replicas();
    }

    public List<WorkloadBucket> buckets() {
        return prepared.buckets();
    }

    public double baseRatePerS() {
        return prepared.request().ratePerS();
    }

    public Slo slo() {
        return prepared.request().slo();
    }

    public Map<String, Integer> gpuCaps() {
        return prepared.request().gpuCaps();
    }

    public CalibrationSet calibration() {
        return prepared.request().calibration();
    }

    /** The GPU types that have a candidate replica, in cluster order. */
    public List<String> gpuTypes() {
        return prepared.gpuTypes();
    }

    /** The SLO of a variant: the study's, with the variant's TPOT target when it sets one. */
    public Slo sloOf(WhatIfVariant variant) {
        return variant.changesSlo() ? withTpot(variant.tpotMs()) : slo();
    }

    public Slo withTpot(double tpotMs) {
        Slo slo = slo();
        return new Slo(slo.ttftMs(), tpotMs, slo.e2eMs(), slo.attainment());
    }
}
