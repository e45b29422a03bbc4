package io.fleetwise.app.bench;

import io.fleetwise.app.AppServices;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.MemoryModel;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.study.DemoStudy;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WhatIfSettings;
import io.fleetwise.planner.service.WhatIfStudy;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.views.fleet.FleetViewModel;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One benchmark measurement in its own JVM, run by {@link SpeedBenchmark} against the old and the new build alike: it
 * calls only entry points both builds have (the new-only store is reached by reflection), so the same class files
 * link against either. Prints one line per figure, {@code key=value} separated by tabs.
 *
 * <ul>
 *   <li>{@code cells ROUNDS}: capacity search of every served cell of the demo study's What-if table (its replica
 *   configs x buckets, What-if settings), one cell per throughput-table build on one thread, as the table builds it;
 *   thread CPU time and wall time per cell, and the answer. The first round warms the JIT and is not printed.</li>
 *   <li>{@code fleet DB SOLVES}: the Fleet area's solve of the demo study, as the app wires it, SOLVES times on one view
 *   model (the first on a cold database).</li>
 * </ul>
 */
public final class SpeedProbe {

    private SpeedProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "cells" -> cells(Integer.parseInt(args[1]));
            case "fleet" -> fleet(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("Unknown probe " + args[0] + "; known: cells, fleet");
        }
    }

    private static void cells(int rounds) {
        Catalog catalog = Catalog.builtIn();
        CalibrationSet calibration = CalibrationSet.builtIn();
        WhatIfStudy study = new io.fleetwise.planner.service.WhatIfService(
                io.fleetwise.planner.service.FleetAllocationService.withDefaults(() -> catalog))
                .prepare(DemoStudy.create(catalog), WhatIfSettings.defaults(), calibration);
        CapacitySearch.Options search = new CapacitySearch.Options(WhatIfSettings.DEFAULT_REQUESTS_PER_SEARCH, 42L, 0.05, 20);
        for (int round = 0; round <= rounds; round++) {
            for (ReplicaConfig replica : study.replicas()) {
                for (WorkloadBucket bucket : study.buckets()) {
                    long tokens = (long) bucket.inputMaxTokens() + bucket.outputMaxTokens();
                    if (!MemoryModel.plan(study.model(), replica).holds(tokens)) {
                        continue;
                    }
                    double cpu0 = processCpuMs();
                    long wall0 = System.nanoTime();
                    SimulatedThroughputTable.Table table = SimulatedThroughputTable.build(study.model(),
                            List.of(replica), List.of(bucket), study.slo(), PriceSelection.onDemand(), calibration,
                            new SimulatedThroughputTable.Options(search, 1), null);
                    double wallMs = (System.nanoTime() - wall0) / 1e6;
                    double cpuMs = processCpuMs() - cpu0;
                    if (round > 0) {
                        System.out.printf(Locale.ROOT, "cell=%s | %s\tround=%d\twall_ms=%.2f\tcpu_ms=%.2f\trate=%.6f%n",
                                replica.label(), bucket.name(), round, wallMs, cpuMs,
                                table.candidates().get(0).throughputRps().get(0));
                    }
                }
            }
        }
    }

    /** CPU time of the whole process (the search runs on a pool thread; JIT and GC count too, as they cost the user). */
    private static double processCpuMs() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
    }

    private static void fleet(Path db, int solves) throws Exception {
        long wall0 = System.nanoTime();
        // as GuiLauncher does where the build has it: the solver's libraries load while the window opens
        for (Method m : io.fleetwise.planner.alloc.OrTools.class.getMethods()) {
            if (m.getName().equals("preload")) {
                m.invoke(null);
            }
        }
        AppServices services = AppServices.open(db, Clock.systemUTC());
        StudyDocument doc = services.studyStore().open(DemoStudy.NAME).document();
        TaskExecutor executor = new CurrentThreadTaskExecutor();
        Supplier<Catalog> catalog = services.catalogStore()::current;
        FleetViewModel vm = fleetViewModel(services, doc, catalog, services.calibrations()::current, executor);
        // as a user does when the area says a GPU type cannot hold the model: unselect it
        for (int tries = 0; tries < 5 && !vm.canSolveProperty().get(); tries++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Maybe unselect (\\S+)\\.")
                    .matcher(vm.validationMessageProperty().get());
            if (!m.find()) {
                break;
            }
            String gpu = m.group(1);
            vm.candidates().stream().filter(r -> r.gpuName().equals(gpu)).forEach(r -> r.selectedProperty().set(false));
            System.out.printf(Locale.ROOT, "step=note\tnote=unselected %s: %s%n", gpu, m.group(0));
        }
        System.out.printf(Locale.ROOT, "step=open\twall_ms=%.1f%n", (System.nanoTime() - wall0) / 1e6);
        for (int i = 0; i < solves; i++) {
            long t0 = System.nanoTime();
            vm.solve();
            System.out.printf(Locale.ROOT, "step=solve %d\twall_ms=%.1f\tcost=%.2f\tstatus=%s%n", i + 1,
                    (System.nanoTime() - t0) / 1e6, vm.costPerHourUsdProperty().get(),
                    vm.statusProperty().get().replace('\t', ' '));
        }
        System.out.printf(Locale.ROOT, "step=process\twall_ms=%.1f\tcpu_ms=%.1f%n", (System.nanoTime() - wall0) / 1e6,
                processCpuMs());
    }

    /** As WorkbenchAreas builds it: the application's fleet allocation service, over the database's throughput cells. */
    private static FleetViewModel fleetViewModel(AppServices services, StudyDocument doc, Supplier<Catalog> catalog,
                                                 Supplier<CalibrationSet> calibration, TaskExecutor executor) {
        return FleetViewModel.forStudy(doc, catalog, calibration, services.fleetAllocations(), executor, Runnable::run);
    }
}
