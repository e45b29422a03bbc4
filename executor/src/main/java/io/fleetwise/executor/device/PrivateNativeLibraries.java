package io.fleetwise.executor.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Loads JCuda's native driver binding from a directory only this user can write. JCuda extracts its library
 * to {@code java.io.tmpdir} under a fixed name and loads a file already there without a check, so any local
 * user could plant {@code libJCudaDriver-...so} in /tmp and have it run inside Fleetwise. Here JCuda's class
 * initialiser runs while {@code java.io.tmpdir} names a fresh directory with a random name, created with
 * owner-only permissions: JCuda finds nothing there, writes the library from its own jar and loads that.
 */
final class PrivateNativeLibraries {
    static final String DRIVER_CLASS = "jcuda.driver.JCudaDriver";
    private static Path directory;

    private PrivateNativeLibraries() {
    }

    /** Initialises JCudaDriver (loading its native library) once; errors are JCuda's own (no driver, ...). */
    static synchronized Path loadJCudaDriver() {
        if (directory != null) {
            return directory;
        }
        Path dir = privateDirectory();
        String previous = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", dir.toString());
        try {
            Class.forName(DRIVER_CLASS, true, PrivateNativeLibraries.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new DeviceException("JCuda is not on the class path: " + e.getMessage());
        } finally {
            System.setProperty("java.io.tmpdir", previous);
            directory = dir;
            deleteOnExit(dir);
        }
        return dir;
    }

    /** A new directory under the temp directory, random name, readable and writable by this user only. */
    static Path privateDirectory() {
        try {
            Path dir = Files.createTempDirectory("fleetwise-natives-");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> ownerOnly = EnumSet.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
                Files.setPosixFilePermissions(dir, ownerOnly);
                if (!Files.getPosixFilePermissions(dir).equals(ownerOnly)) {
                    throw new DeviceException("Cannot make " + dir + " private to this user; native libraries are not loaded");
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a private directory for native libraries", e);
        }
    }

    private static void deleteOnExit(Path dir) {
        dir.toFile().deleteOnExit();
        try (var files = Files.walk(dir)) {
            files.forEach(p -> p.toFile().deleteOnExit());
        } catch (IOException ignored) {
            // best effort: a private, randomly named directory left behind harms no one
        }
    }
}
