package io.fleetwise.planner.sweep;

import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.workload.FixedLengths;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A sweep: throughput-table cells over a grid of models, GPU types, replica sizes, request lengths, SLOs and engine
 * profiles, plus what-if sweeps of stored studies, all searched at once (on Apache Spark by {@code fleetwise sweep},
 * docs/scale-out.md). Read from SPEC.json by {@link SweepSpecJson}; every list is non-empty where the grid needs it.
 *
 * @param models       catalog model names
 * @param gpuTypes     catalog GPU type names
 * @param replicas     which replica sizes each (model, GPU type) gets
 * @param weightDtypes weight dtypes of every replica (KV cache and activations stay bf16)
 * @param lengths      the simulated requests, one cell each (the grid of input x output lengths)
 * @param slos         targets, one table each
 * @param engines      engine profile ids; empty means the calibration's own engine
 * @param calibration  {@code latest} (stored calibrations, where the app resolves the sweep) or {@code builtin}
 * @param search       capacity-search settings of every grid cell
 * @param whatIf       what-if sweeps of studies in the database: their tables' cells join the sweep, and their points
 *                     are re-planned from the stored cells afterwards
 * @param parquet      where the sweep's whole table is also written as Parquet (a directory), if anywhere
 */
public record SweepSpec(String name, List<String> models, List<String> gpuTypes, ReplicaSizes replicas,
                        List<DType> weightDtypes, List<FixedLengths> lengths, List<Slo> slos, List<String> engines,
                        String calibration, CapacitySearch.Options search, List<WhatIfEntry> whatIf,
                        Optional<String> parquet) {

    public static final String FORMAT = "fleetwise-sweep/1";
    public static final String LATEST = "latest";
    public static final String BUILTIN = "builtin";

    public SweepSpec {
        Objects.requireNonNull(name, "name");
        models = List.copyOf(models);
        gpuTypes = List.copyOf(gpuTypes);
        Objects.requireNonNull(replicas, "replicas");
        weightDtypes = List.copyOf(weightDtypes);
        lengths = List.copyOf(lengths);
        slos = List.copyOf(slos);
        engines = List.copyOf(engines);
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(search, "search");
        whatIf = List.copyOf(whatIf);
        Objects.requireNonNull(parquet, "parquet");
    }

    /** Whether the spec has a grid of cells (it may hold only what-if sweeps). */
    public boolean hasGrid() {
        return !models.isEmpty();
    }

    /**
     * Replica sizes: either the smallest {@code sizesPerGpuType} sizes that hold the model with a KV pool that can
     * serve (the Fleet and What-if areas' rule), or every listed TP x PP that holds it.
     */
    public record ReplicaSizes(int sizesPerGpuType, List<Integer> tp, List<Integer> pp) {
        public ReplicaSizes {
            tp = List.copyOf(tp);
            pp = List.copyOf(pp);
        }

        public boolean explicit() {
            return !tp.isEmpty();
        }
    }

    /**
     * One what-if sweep of a stored study, as {@code fleetwise whatif --sweep SWEEP --requests REQUESTS} takes it
     * (the What-if area's cells, so the area finds them stored).
     *
     * @param sweep    {@code rate:FROM:TO:POINTS}, {@code tpot:FROM:TO:POINTS} or {@code price:GPU:FROM:TO:POINTS}
     * @param requests requests per capacity-search simulation (the What-if area's default unless set)
     */
    public record WhatIfEntry(String study, String sweep, int requests) {
        public WhatIfEntry {
            Objects.requireNonNull(study, "study");
            Objects.requireNonNull(sweep, "sweep");
        }
    }
}
