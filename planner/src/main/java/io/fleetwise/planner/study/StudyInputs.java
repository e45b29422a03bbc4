package io.fleetwise.planner.study;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.fingerprint.Fingerprint;
import io.fleetwise.planner.model.ModelSpec;

import java.util.NoSuchElementException;

/**
 * The fingerprint of everything a study's results are computed from: the model (its architecture, not only its
 * name), the cluster (node groups, GPU types with their specs and prices, caps), the workload, the SLO, the price
 * book and the study's choice of offers, and the calibration set (kernel profiles and engine profile). A result stores the fingerprint of the inputs it was computed
 * from; when the study's current fingerprint differs, the result is stale.
 */
public final class StudyInputs {

    private StudyInputs() {
    }

    public static String fingerprint(StudyDocument study, Catalog catalog, CalibrationSet calibration) {
        return fingerprint(study, catalog, calibration, null);
    }

    /**
     * As {@link #fingerprint(StudyDocument, Catalog, CalibrationSet)}, with the price book the study is priced from
     * (its offers, rules and owned hardware, as the study chose them); null where results are priced from the catalog.
     */
    public static String fingerprint(StudyDocument study, Catalog catalog, CalibrationSet calibration,
                                     io.fleetwise.planner.pricing.PriceResolver priceBook) {
        String model;
        try {
            model = study.modelName().isBlank() ? "" : describe(catalog.model(study.modelName()));
        } catch (NoSuchElementException e) {
            model = "unknown:" + study.modelName();
        }
        StringBuilder prices = new StringBuilder();
        study.nodeGroups().stream().map(g -> g.gpu().name()).distinct().sorted().forEach(name -> {
            try {
                prices.append(name).append('=').append(catalog.gpu(name).price()).append(';');
            } catch (NoSuchElementException e) {
                prices.append(name).append("=unknown;");
            }
        });
        return Fingerprint.of("study-inputs").add("model", model)
                // node groups carry each GPU type with its specs and (override-applied) prices
                .add("cluster", study.clusterName() + study.nodeGroups())
                .add("workload", study.workload().toString())
                .add("slo", study.slo().toString())
                // the catalog's current prices (a user's override is a new price even where the study is unchanged)
                .add("prices", prices.toString())
                .add("priceChoice", io.fleetwise.planner.pricing.StudyPricing.choice(study).canonical())
                .add("priceBook", priceBook == null ? "" : priceBook.book().fingerprint() + "|"
                        + priceBook.choice().canonical())
                .add("calibration", calibration.fingerprint()).hex();
    }

    private static String describe(ModelSpec model) {
        return model.toString();
    }
}
