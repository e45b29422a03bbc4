package io.fleetwise.app.cli;

import io.fleetwise.datastore.study.Study;
import picocli.CommandLine.Command;
import io.fleetwise.datastore.study.StudyStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** {@code fleetwise study ...}: saved studies. */
@Command(name = "study", description = "Saved studies.", mixinStandardHelpOptions = true,
        subcommands = {StudyCommand.ListStudies.class, StudyCommand.Results.class, StudyCommand.Export.class,
                StudyCommand.Import.class, StudyPriceChoiceCommand.class})
final class StudyCommand {

    @Command(name = "list", description = "List the studies in the database.", mixinStandardHelpOptions = true)
    static final class ListStudies implements Runnable {
        private final CliContext context;
        @Mixin
        private OutputOptions output;

        ListStudies(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            OutputFormat format = output.format();
            List<Study> studies = context.services().studies().findAll();
            CliTable table = new CliTable("id", "name", "created_at", "updated_at");
            for (Study s : studies) {
                table.row(s.id(), s.name(), s.createdAt(), s.updatedAt());
            }
            table.print(context.out(), format, studies);
        }
    }

    @Command(name = "results", description = "The study's saved results (fleet plans, plan search, simulation, "
            + "what-if) with the inputs each was computed from, and which are stale: computed for other inputs than "
            + "the study's now (model, cluster, workload, SLO, prices, calibration or engine changed).",
            mixinStandardHelpOptions = true)
    static final class Results implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "NAME", description = "the study's name or id as `study list` shows it")
        private String name;
        @Mixin
        private CalibrationOption calibration;

        Results(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            var services = context.services();
            StudyStore.StoredStudy study = services.studyStore().open(name);
            io.fleetwise.planner.calibration.CalibrationSet calibrations = calibration.resolve(context, null);
            // the fingerprint every area stamps its results with (priced from the study's book)
            String now = services.fleetAllocations().inputsFingerprint(study.document(), calibrations);
            java.io.PrintWriter out = context.out();
            for (var plan : services.planStore().plansOf(study.id())) {
                String stamped = plan.plan().provenance().inputFingerprint();
                String state = stamped.isEmpty() ? "inputs not recorded (saved from other inputs than the study's)"
                        : stamped.equals(now) ? "current" : "STALE (computed for inputs " + stamped + ")";
                out.printf(java.util.Locale.ROOT, "plan #%d %s: %.2f $/h, %d GPUs, %s, saved %s by %s; calibration %s: %s%n",
                        plan.id(), plan.plan().label(), plan.plan().costPerHourUsd(), plan.plan().gpuCount(),
                        plan.plan().provenance().engine(), plan.createdAt(), plan.plan().provenance().service(),
                        plan.plan().provenance().calibration(), state);
            }
            io.fleetwise.planner.study.ResultFreshness.notes(study.document().results(), now, calibrations)
                    .forEach(out::println);
            out.flush();
        }
    }

    @Command(name = "export", description = "Write a study and everything it owns (saved allocations, fleet plans and their runs, the GPU types and model of yours it uses) to one JSON file (fleetwise-study/4).", mixinStandardHelpOptions = true)
    static final class Export implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "NAME", description = "the study's name as `study list` shows it")
        private String name;
        @Parameters(index = "1", paramLabel = "OUT_JSON")
        private Path out;

        Export(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try {
                context.services().studyStore().export(name, out);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + out + ": " + e.getMessage(), e);
            }
            context.out().println("Exported study '" + name + "' to " + out);
            context.out().flush();
        }
    }

    @Command(name = "import", description = "Add a study (and its saved allocations and fleet plans) from a JSON file that `study export` wrote, any format version.", mixinStandardHelpOptions = true)
    static final class Import implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "FILE")
        private Path file;
        @Option(names = "--name", description = "store it under this name instead of the one in the file")
        private String name;

        Import(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            StudyStore.StoredStudy stored;
            try {
                stored = context.services().studyStore().importFile(file, name);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            context.out().println("Imported study '" + stored.document().name() + "' (id " + stored.id() + ")");
            context.out().flush();
        }
    }
}
