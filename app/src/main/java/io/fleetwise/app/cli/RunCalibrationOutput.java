package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.profiler.runs.RunCalibration;
import io.fleetwise.profiler.runs.RunResidual;
import io.fleetwise.profiler.runs.ServingDeployment;
import io.fleetwise.profiler.runs.ServingRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code calibrate --from-runs}: reads the runs, fits, stores and prints the fit with each run's errors. */
final class RunCalibrationOutput {
    private final CliContext context;
    private final OutputFormat format;

    RunCalibrationOutput(CliContext context, OutputFormat format) {
        this.context = context;
        this.format = format;
    }

    void fitAndPrint(List<String> files, RunDeploymentOptions options, String engine, String label, boolean store) {
        Catalog catalog = context.services().catalogStore().current();
        ServingDeployment deployment = options.deployment(catalog);
        String gpuType = deployment.replica().gpu().name();
        // a fit starts from the engine's published host costs, never from an earlier fit, so fits do not compound
        io.fleetwise.planner.engine.EngineProfile profile;
        try {
            profile = io.fleetwise.planner.engine.EngineProfiles.servingEngine(engine);
        } catch (java.util.NoSuchElementException e) {
            throw new IllegalArgumentException("--engine: " + e.getMessage(), e);
        }
        CalibrationSet base = context.services().calibrations().resolveCurves("latest", gpuType).withEngine(profile);
        RunCalibration.Outcome o;
        try {
            RunCalibration.Request request = new RunCalibration.Request(files, deployment, base, label, store);
            o = RunCalibration.run(request, context.services().calibrations().engineFits().repository(),
                    new StderrProgress(context.err(), "calibrate"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (format == OutputFormat.JSON) {
            try {
                com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                        new ObjectMapper().readTree(o.reportJson());
                if (o.stored() != null) {
                    doc.put("stored", o.stored().reference());
                    doc.put("label", o.stored().label());
                }
                context.out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
                context.out().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        var out = context.out();
        out.printf(Locale.ROOT, "Fitted %s to %d run(s) of %s: %d evaluations, RMS log error %.3f%n", engine,
                o.runs().size(), deployment.label(), o.fit().evaluations(), o.fit().rmsLogError());
        o.fit().notes().forEach(n -> out.println("  " + n));
        CliTable params = new CliTable("parameter", "start", "fitted");
        for (Map.Entry<String, Double> e : o.fit().fitted().entrySet()) {
            params.row(e.getKey(), round(o.fit().start().get(e.getKey())), round(e.getValue()));
        }
        params.print(out, format, null);
        CliTable runs = new CliTable("run", "format", "load", "requests", "ttft_err", "tpot_err", "tput_err",
                "loo_ttft_err", "loo_tpot_err", "loo_tput_err");
        for (int i = 0; i < o.runs().size(); i++) {
            ServingRun r = o.runs().get(i);
            RunResidual in = o.fit().inSample().get(i);
            RunResidual loo = o.fit().leaveOneOut().isEmpty() ? null : o.fit().leaveOneOut().get(i);
            runs.row(r.id(), r.format(), r.load().label(), r.requests().size(), pct(in.ttftError()), pct(in.tpotError()),
                    pct(in.throughputError()), loo == null ? "" : pct(loo.ttftError()), loo == null ? "" : pct(loo.tpotError()),
                    loo == null ? "" : pct(loo.throughputError()));
        }
        runs.print(out, format, null);
        for (ServingRun r : o.runs()) {
            r.notes().forEach(n -> out.println("  " + r.id() + ": " + n));
        }
        if (!Double.isNaN(o.fit().medianLeaveOneOutError())) {
            out.printf(Locale.ROOT, "leave-one-out: median of each run's worst held-out |error| %.1f%%%n",
                    100 * o.fit().medianLeaveOneOutError());
        }
        out.println(o.stored() == null ? "Not stored (--no-store)." : "Stored as " + o.stored().reference() + " ("
                + o.stored().label() + ").");
        out.flush();
    }

    private static String pct(double e) {
        return Double.isNaN(e) ? "" : String.format(Locale.ROOT, "%+.1f%%", 100 * e);
    }

    private static String round(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
