package io.fleetwise.planner.ingest;

/** Keeps echoed input short: a message quotes at most a little of what the user gave, never megabytes. */
public final class InputText {
    /** Longest message a front end prints on its one line. */
    public static final int MAX_MESSAGE = 400;
    /** Longest piece of input quoted inside a message. */
    public static final int MAX_QUOTE = 60;

    private InputText() {
    }

    /** The value in quotes, cut to {@link #MAX_QUOTE} characters with the length that was cut. */
    public static String quote(Object value) {
        String text = String.valueOf(value);
        if (text.length() <= MAX_QUOTE) {
            return "'" + oneLine(text) + "'";
        }
        return "'" + oneLine(text.substring(0, MAX_QUOTE)) + "…' (" + text.length() + " characters)";
    }

    /** One line of at most {@link #MAX_MESSAGE} characters. */
    public static String clip(String message) {
        if (message == null) {
            return "";
        }
        String line = oneLine(message);
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "… (cut)";
    }

    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
    }
}
