package io.fleetwise.app.cli;

import io.fleetwise.planner.ingest.InputText;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Walks the error paths every importer shares (no file, a directory, a device, an empty file, bytes that are not
 * UTF-8, JSON of the wrong shape, a cut file, numbers past 32 bits, megabytes of junk) and the CLI's one line for
 * each: it must name the file, never say "unexpected error", and stay short however large the input.
 */
class ImporterErrorPathTest {
    @TempDir
    static Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ImporterFuzzTest.Importer importer : ImporterFuzzTest.Importer.values()) {
            for (String kind : List.of("missing", "directory", "device", "empty", "not-utf8", "null", "array", "cut-in-half",
                    "wrapping-numbers", "megabytes-of-junk")) {
                out.add(Arguments.of(importer, kind));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyRejectionIsOneShortLineThatNamesTheFile(ImporterFuzzTest.Importer importer, String kind) throws Exception {
        Path file = dir.resolve(importer.name().toLowerCase() + "-" + kind + importer.extension);
        byte[] seed = ImporterFuzzTest.seedBytes(importer);
        switch (kind) {
            case "missing" -> Files.deleteIfExists(file);
            case "directory" -> Files.createDirectories(file);
            case "device" -> file = Path.of("/dev/zero");
            case "empty" -> Files.write(file, new byte[0]);
            case "not-utf8" -> Files.write(file, concat(seed, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'}, seed));
            case "null" -> Files.writeString(file, "null");
            case "array" -> Files.writeString(file, "[1, 2, 3]");
            case "cut-in-half" -> Files.write(file, java.util.Arrays.copyOf(seed, seed.length / 2));
            case "wrapping-numbers" -> Files.write(file, new String(seed, StandardCharsets.ISO_8859_1)
                    .replaceAll("(?<![\\d.])\\d{1,4}(?![\\d.])", "4294967297").getBytes(StandardCharsets.ISO_8859_1));
            case "megabytes-of-junk" -> Files.writeString(file, "\"" + "x".repeat(3_000_000) + "\"");
            default -> throw new IllegalArgumentException(kind);
        }
        String name = file.getFileName().toString();
        try {
            ImporterFuzzTest.run(importer, file);
            // a cut CSV is a shorter CSV, and big numbers or odd bytes may sit in free-text or floating-point fields
            assertThat(kind).as(importer + " accepted a " + kind + " input").isIn("wrapping-numbers", "not-utf8", "cut-in-half");
        } catch (Throwable t) {
            String line = Cli.describe(t);
            if (t instanceof Error && !(t instanceof AssertionError)) {
                fail(importer + " " + kind + ": uncaught " + t, t);
            }
            assertThat(line).as(importer + " " + kind).doesNotStartWith("unexpected error");
            assertThat(line).as(importer + " " + kind + " names the file").contains(name);
            assertThat(line.length()).as(importer + " " + kind + ": " + line).isLessThanOrEqualTo(InputText.MAX_MESSAGE + 20);
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
