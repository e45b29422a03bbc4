package io.fleetwise.planner.ingest;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The checks every importer makes before it opens a file, and the translation of low-level I/O failures
 * ("Input length = 1", "Is a directory") into one line that names the file and says what is wrong.
 */
public final class InputFiles {

    private InputFiles() {
    }

    /**
     * A regular, readable file of at most maxBytes (device files such as /dev/zero, directories and fifos are
     * refused before anything is read).
     */
    public static Path requireRegularFile(Path file, String what, long maxBytes) {
        if (file == null) {
            throw new InputException(what + ": no file given");
        }
        if (Files.isDirectory(file)) {
            throw new InputException(what + " " + file + ": is a directory; expected a file");
        }
        if (!Files.exists(file)) {
            throw new InputException(what + " " + file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException(what + " " + file + ": not a regular file (a device, pipe or socket); expected a file");
        }
        if (!Files.isReadable(file)) {
            throw new InputException(what + " " + file + ": not readable (permission denied)");
        }
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new InputException(what + " " + file + ": " + size + " bytes is larger than the " + maxBytes
                        + " bytes allowed for this kind of file");
            }
        } catch (IOException e) {
            throw new InputException(what + " " + file + ": cannot read its size: " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * A whole configuration file as UTF-8 text, at most maxBytes: each failure (missing, a directory, a device,
     * too large, not UTF-8, unreadable) is one line naming the file.
     */
    public static String readText(Path file, String what, long maxBytes) {
        requireRegularFile(file, what, maxBytes);
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /** An I/O failure while reading file, as one line that names it. */
    public static InputException readFailure(Path file, IOException e) {
        return readFailure(String.valueOf(file), e);
    }

    public static InputException readFailure(String file, IOException e) {
        if (e instanceof CharacterCodingException) {
            return new InputException(file + ": not UTF-8 text (a byte sequence that is not valid UTF-8); save it as UTF-8", e);
        }
        if (e instanceof NoSuchFileException) {
            return new InputException(file + ": no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new InputException(file + ": not readable (permission denied)", e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("Is a directory")) {
            return new InputException(file + ": is a directory; expected a file", e);
        }
        if (e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException) {
            return new InputException(file + ": damaged or truncated compressed data (" + message + ")", e);
        }
        return new InputException(file + ": cannot read: " + message, e);
    }
}
