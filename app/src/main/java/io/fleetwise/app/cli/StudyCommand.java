package io.fleetwise.app.cli;

import io.fleetwise.datastore.study.Study;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/** {@code fleetwise study ...}: saved studies. */
@Command(name = "study", description = "Saved studies.", mixinStandardHelpOptions = true,
        subcommands = {StudyCommand.ListStudies.class})
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
}
