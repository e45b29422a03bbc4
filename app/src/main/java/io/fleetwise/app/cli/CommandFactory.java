package io.fleetwise.app.cli;

import picocli.CommandLine;

import java.lang.reflect.Constructor;

/** Builds commands by constructor injection: a command with a {@code (CliContext)} constructor gets the context. */
final class CommandFactory implements CommandLine.IFactory {

    private final CliContext context;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(CliContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
            constructor.setAccessible(true);
            return constructor.newInstance(context);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
    }
}
