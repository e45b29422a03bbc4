package io.fleetwise.executor.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateNativeLibrariesTest {
    private static final String LIBRARY = "libJCudaDriver-12.6.0-linux-x86_64.so";

    @TempDir
    Path sharedTemp;

    @Test
    void libraryPlantedInTheSharedTempDirectoryIsNeverLoaded() throws Exception {
        byte[] planted = "not a library: loading this would run someone else's code".getBytes(StandardCharsets.US_ASCII);
        Path plantedFile = sharedTemp.resolve(LIBRARY);
        Files.write(plantedFile, planted);
        List<String> output = runProbe();

        // JCuda's own loader would have loaded the planted file and failed on it, naming it ("invalid ELF header").
        assertThat(output).noneMatch(line -> line.contains(plantedFile.toString()));
        assertThat(output).filteredOn(line -> line.startsWith("EXTRACTED="))
                .singleElement()
                .satisfies(line -> {
                    String[] parts = line.substring("EXTRACTED=".length()).split(" SHA256=");
                    Path extracted = Path.of(parts[0]);
                    assertThat(extracted.getFileName().toString()).isEqualTo(LIBRARY);
                    assertThat(extracted.getParent()).isNotEqualTo(sharedTemp);
                    try {
                        assertThat(parts[1]).isEqualTo(NativeLoadProbe.sha256(resourceBytes()));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
        assertThat(Files.readAllBytes(plantedFile)).isEqualTo(planted);
        assertThat(output).contains("TMPDIR=" + sharedTemp);
    }

    @Test
    void privateDirectoryIsOwnerOnly() throws Exception {
        Path dir = PrivateNativeLibraries.privateDirectory();
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        } finally {
            Files.delete(dir);
        }
    }

    private static byte[] resourceBytes() throws Exception {
        try (var in = PrivateNativeLibrariesTest.class.getResourceAsStream("/lib/" + LIBRARY)) {
            assertThat(in).as("JCuda natives jar on the test class path").isNotNull();
            return in.readAllBytes();
        }
    }

    private List<String> runProbe() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Djava.io.tmpdir=" + sharedTemp, "-cp", System.getProperty("java.class.path"),
                NativeLoadProbe.class.getName()).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var reader = p.inputReader()) {
            reader.lines().forEach(lines::add);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return lines;
    }
}
