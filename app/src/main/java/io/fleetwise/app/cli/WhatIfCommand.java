package io.fleetwise.app.cli;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.datastore.study.StudyStore;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.service.WhatIfService;
import io.fleetwise.planner.study.WhatIfJson;
import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfSettings;
import io.fleetwise.planner.service.WhatIfStudy;
import io.fleetwise.planner.study.WhatIfSweep;
import io.fleetwise.planner.study.WhatIfSweepPoint;
import io.fleetwise.planner.study.WhatIfSweepResult;
import io.fleetwise.planner.study.WhatIfVariant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import io.fleetwise.planner.uncertainty.AllocationBand;
import io.fleetwise.planner.uncertainty.AllocationBandJson;
import io.fleetwise.planner.uncertainty.ModelErrorBand;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fleetwise whatif --study NAME [--variant SPEC]... [--sweep SPEC]}: the What-if area's twin. Variants and
 * sweeps re-plan the study's fleet from simulated throughput tables, as the area does.
 */
@Command(name = "whatif", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"What-if variants of a study side by side (cost, change against the base, GPUs, mix), "
                + "or a sweep over one parameter.",
                "Without --variant: base, +50% traffic, TPOT 20% tighter and the dearest GPU type 30% cheaper."})
final class WhatIfCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--study", paramLabel = "NAME", required = true, description = "Study name.")
    private String study;

    @Option(names = "--variant", paramLabel = "SPEC",
            description = "A variant: comma-separated traffic=FACTOR, tpot=MS, price=GPU:FACTOR (repeatable), "
                    + "e.g. traffic=1.5,price=H100-SXM:0.7. The base always comes first.")
    private List<String> variantSpecs = new ArrayList<>();

    @Option(names = "--sweep", paramLabel = "SPEC",
            description = "Sweep one parameter instead: rate:FROM:TO:POINTS, tpot:FROM:TO:POINTS or "
                    + "price:GPU:FROM:TO:POINTS (rate and price are factors, tpot in ms).")
    private String sweepSpec;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "" + WhatIfSettings.DEFAULT_REQUESTS_PER_SEARCH,
            description = "Requests per capacity-search simulation (default ${DEFAULT-VALUE}; fewer is faster, coarser).")
    private int requests;

    @Option(names = "--band", description = "Also plan the base variant at both ends of the performance model's "
            + "validated error band (docs/validation.md; two more throughput tables the first time): does the mix change, "
            + "how far does the cost move. With --json the answer becomes {\"rows\": [...], \"band\": {...}}.")
    private boolean band;

    @Option(names = "--save", description = "Store the result in the study, as the What-if area does.")
    private boolean save;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CalibrationOption calibration;

    WhatIfCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        // the throughput tables are simulated with the stored calibrations of their GPU types, as in the area
        return whatIf(calibration.resolve(context, null));
    }

    private int whatIf(CalibrationSet calibrations) {
        StudyStore store = context.services().studyStore();
        StudyStore.StoredStudy stored = store.open(study);
        StudyDocument doc = stored.document();
        WhatIfService analysis = context.services().whatIf();
        WhatIfStudy prepared = analysis.prepare(doc,
                new WhatIfSettings(requests, WhatIfSettings.defaults().replicaSizesPerType()), calibrations);
        StderrProgress progress = new StderrProgress(context.err(), "whatif");
        if (sweepSpec != null) {
            if (!variantSpecs.isEmpty()) {
                throw new IllegalArgumentException("Choose --variant or --sweep, not both.");
            }
            WhatIfSweepResult result = analysis.sweep(prepared, parseSweep(sweepSpec), progress);
            printSweep(result, calibrations);
            if (save) {
                store.save(stored.id(), doc.withResult(WhatIfJson.SWEEP_KEY, WhatIfJson.sweep(result)));
            }
            return 0;
        }
        List<WhatIfVariant> variants = variantSpecs.isEmpty() ? standardVariants(doc) : parsedVariants();
        analysis.buildTables(prepared, analysis.missingTables(prepared, variants), progress);
        if (band) {
            analysis.buildBandTables(prepared, variants.get(0), ModelErrorBand.validated(), progress);
        }
        List<WhatIfRow> rows = analysis.replan(prepared, variants);
        AllocationBand bandResult = band ? analysis.band(prepared, variants.get(0), ModelErrorBand.validated()) : null;
        if (bandResult != null && output.format() == OutputFormat.JSON) {
            com.fasterxml.jackson.databind.node.ObjectNode answer = com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode();
            answer.set("rows", WhatIfJson.rows(rows));
            answer.set(AllocationBandJson.KEY, AllocationBandJson.of(bandResult));
            JsonOutput.print(context.out(), answer);
        } else {
            printRows(rows, calibrations);
            if (bandResult != null) {
                // a CSV answer stays a table: the band goes beside it, on stderr
                PrintWriter to = output.format() == OutputFormat.TEXT ? context.out() : context.err();
                to.println("How sure (" + variants.get(0).name() + "): " + bandResult.describe());
                to.flush();
            }
        }
        if (save) {
            store.save(stored.id(), doc.withResult(WhatIfJson.ROWS_KEY, WhatIfJson.rows(rows))
                    .withResult(WhatIfJson.VARIANTS_KEY, WhatIfJson.variants(variants)));
        }
        return 0;
    }

    private List<WhatIfVariant> parsedVariants() {
        List<WhatIfVariant> variants = new ArrayList<>();
        variants.add(WhatIfVariant.base());
        for (String spec : variantSpecs) {
            variants.add(parseVariant(spec));
        }
        return variants;
    }

    /** The What-if area's starting set, so the command and the area compare the same things. */
    private static List<WhatIfVariant> standardVariants(StudyDocument doc) {
        List<WhatIfVariant> variants = new ArrayList<>(List.of(WhatIfVariant.base(), WhatIfVariant.traffic(1.5),
                WhatIfVariant.tpot(Math.max(1, Math.round(doc.slo().tpotMs() * 0.8)))));
        doc.nodeGroups().stream().map(g -> g.gpu())
                .filter(g -> !Double.isNaN(g.price().onDemandUsdPerHour()))
                .max(java.util.Comparator.comparingDouble(g -> g.price().onDemandUsdPerHour()))
                .ifPresent(g -> variants.add(WhatIfVariant.price(g.name(), 0.7)));
        return variants;
    }

    static WhatIfVariant parseVariant(String spec) {
        double traffic = 1;
        double tpot = Double.NaN;
        Map<String, Double> prices = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("--variant '" + spec + "': '" + part.trim()
                        + "' is not KEY=VALUE (traffic=1.5, tpot=40, price=H100-SXM:0.7)");
            }
            String key = kv[0].trim().toLowerCase(Locale.ROOT);
            switch (key) {
                case "traffic":
                    traffic = number(spec, "traffic", kv[1]);
                    break;
                case "tpot":
                    tpot = number(spec, "tpot", kv[1]);
                    break;
                case "price":
                    int colon = kv[1].lastIndexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("--variant '" + spec + "': price needs GPU:FACTOR, was '"
                                + kv[1] + "'");
                    }
                    prices.put(kv[1].substring(0, colon).trim(), number(spec, "price", kv[1].substring(colon + 1)));
                    break;
                default:
                    throw new IllegalArgumentException("--variant '" + spec + "': unknown key '" + kv[0].trim()
                            + "' (known: traffic, tpot, price)");
            }
        }
        return new WhatIfVariant(spec.trim(), traffic, tpot, prices);
    }

    static WhatIfSweep parseSweep(String spec) {
        String[] f = spec.split(":");
        String kind = f[0].trim().toLowerCase(Locale.ROOT);
        boolean price = kind.equals("price");
        int expected = price ? 5 : 4;
        if (f.length != expected) {
            throw new IllegalArgumentException("--sweep '" + spec + "': expected " + (price
                    ? "price:GPU:FROM:TO:POINTS" : kind + ":FROM:TO:POINTS"));
        }
        WhatIfSweep.Parameter parameter = switch (kind) {
            case "rate", "traffic" -> WhatIfSweep.Parameter.RATE_FACTOR;
            case "tpot" -> WhatIfSweep.Parameter.TPOT_MS;
            case "price" -> WhatIfSweep.Parameter.GPU_PRICE_FACTOR;
            default -> throw new IllegalArgumentException("--sweep '" + spec + "': unknown parameter '" + f[0]
                    + "' (known: rate, tpot, price)");
        };
        int first = price ? 2 : 1;
        String points = f[first + 2].trim();
        try {
            return new WhatIfSweep(parameter, price ? f[1] : "", number(spec, "from", f[first]),
                    number(spec, "to", f[first + 1]), Integer.parseInt(points));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sweep '" + spec + "': points '" + points + "' is not a whole number");
        }
    }

    private static double number(String spec, String field, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "': " + field + " '" + text.trim() + "' is not a number");
        }
    }

    private void printRows(List<WhatIfRow> rows, CalibrationSet calibrations) {
        CliTable table = new CliTable("variant", "req/s", "TPOT ms", "$/h", "change %", "GPUs", "saving %", "mix",
                "message");
        for (WhatIfRow r : rows) {
            table.row(r.variant(), fixed(r.ratePerS(), 2), fixed(r.tpotMs(), 0), fixed(r.costPerHourUsd(), 2),
                    signed(r.deltaCostPercent()), r.gpus(), fixed(r.savingPercent(), 1), r.mix(),
                    (r.message() + " " + r.note()).trim());
        }
        table.print(context.out(), output.format(), WhatIfJson.rows(rows));
        if (output.format() == OutputFormat.TEXT) {
            context.out().println("calibration: " + calibrations.describe());
        }
        context.out().flush();
    }

    private void printSweep(WhatIfSweepResult result, CalibrationSet calibrations) {
        CliTable table = sweepTable(result);
        table.print(context.out(), output.format(), WhatIfJson.sweep(result));
        if (output.format() == OutputFormat.TEXT) {
            context.out().println("calibration: " + calibrations.describe());
        }
        context.out().flush();
    }

    /** One row per sweep point: what `whatif --sweep` and `sweep` print. */
    static CliTable sweepTable(WhatIfSweepResult result) {
        WhatIfSweep sweep = result.sweep();
        CliTable table = new CliTable(sweep.axisLabel(), "req/s", "TPOT ms", "$/h", "GPUs", "mix", "message");
        for (WhatIfSweepPoint p : result.points()) {
            table.row(fixed(p.value(), 3), fixed(p.ratePerS(), 2), fixed(p.tpotMs(), 0), fixed(p.costPerHourUsd(), 2),
                    p.gpus(), p.mix(), p.message());
        }
        return table;
    }

    private static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1f", v);
    }
}
