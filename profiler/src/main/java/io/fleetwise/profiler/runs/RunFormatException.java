package io.fleetwise.profiler.runs;

/** A run file that cannot be read: the message names the file, the place (line or field) and the problem. */
public final class RunFormatException extends IllegalArgumentException {
    private final String file;
    private final String place;

    public RunFormatException(String file, String place, String problem) {
        super(file + (place == null || place.isEmpty() ? "" : " " + place) + ": " + problem);
        this.file = file;
        this.place = place == null ? "" : place;
    }

    public String file() {
        return file;
    }

    public String place() {
        return place;
    }
}
