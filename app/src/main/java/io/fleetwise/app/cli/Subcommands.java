package io.fleetwise.app.cli;

import java.util.List;

/**
 * Every top-level subcommand of {@code fleetwise}, in help order. A capability adds its command with
 * one line here; commands receive a {@link CliContext} through a {@code (CliContext)} constructor.
 */
final class Subcommands {

    static final List<Class<?>> ALL = List.of(
            CatalogCommand.class,
            StudyCommand.class,
            SimulateCommand.class,
            CapacityCommand.class,
            AllocateCommand.class,
            TraceCommand.class,
            SearchCommand.class,
            DevicesCommand.class,
            ExecuteCommand.class,
            CalibrateCommand.class,
            ReportCommand.class,
            ScheduleCommand.class,
            WhatIfCommand.class,
            SweepCommand.class,
            DbCommand.class
    );

    private Subcommands() {
    }
}
