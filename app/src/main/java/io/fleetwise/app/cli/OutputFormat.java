package io.fleetwise.app.cli;

/** How a command prints its result: aligned text for people, JSON or CSV for scripts. */
public enum OutputFormat {
    TEXT, JSON, CSV
}
