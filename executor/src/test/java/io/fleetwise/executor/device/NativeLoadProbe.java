package io.fleetwise.executor.device;

import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a forked JVM by {@link PrivateNativeLibrariesTest}: loads the JCuda driver binding and says from where. */
public final class NativeLoadProbe {
    private NativeLoadProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = PrivateNativeLibraries.privateDirectory();
        Files.delete(dir);
        String error = "none";
        try {
            dir = PrivateNativeLibraries.loadJCudaDriver();
        } catch (Throwable t) {
            error = String.valueOf(t.getMessage()).replace('\n', ' ');
        }
        try (var files = Files.list(PrivateNativeLibraries.loadJCudaDriver())) {
            for (Path p : files.toList()) {
                System.out.println("EXTRACTED=" + p + " SHA256=" + sha256(Files.readAllBytes(p)));
            }
        } catch (Throwable ignored) {
            // nothing extracted
        }
        System.out.println("ERROR=" + error);
        System.out.println("TMPDIR=" + System.getProperty("java.io.tmpdir"));
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
