package io.fleetwise.planner.alloc;

import com.google.ortools.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Native libraries shipped inside a jar, unpacked once per machine into a folder named after the jar (its name, size
 * and date), so a new version unpacks beside the old one and a half-written folder is never used: each is unpacked
 * into a temporary folder and renamed into place whole, with a marker file written last. The folder is
 * {@code $XDG_CACHE_HOME/fleetwise/native} or {@code ~/.cache/fleetwise/native} (the system property
 * {@code fleetwise.nativeCache} overrides it).
 */
final class NativeLibraryCache {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibraryCache.class);
    private static final String COMPLETE = ".complete";

    private final String resourceDir;
    private final Path root;

    NativeLibraryCache(String resourceDir, Path root) {
        this.resourceDir = resourceDir;
        this.root = root;
    }

    /** OR-Tools' libraries for this platform (the folder its loader unpacks: ortools-linux-x86-64 ...). */
    static NativeLibraryCache forOrTools() {
        return forOrTools(defaultRoot());
    }

    static NativeLibraryCache forOrTools(Path root) {
        return new NativeLibraryCache("ortools-" + com.sun.jna.Platform.RESOURCE_PREFIX, root);
    }

    static Path defaultRoot() {
        String configured = System.getProperty("fleetwise.nativeCache");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("fleetwise").resolve("native");
    }

    /**
     * The cached file of library {@code name} ({@code System.mapLibraryName} form), unpacking the jar's folder on
     * first use; empty where it cannot (Windows, whose loader must load OR-Tools' DLLs in order; libraries not in a
     * jar; an unwritable cache), and the caller loads as before.
     */
    Optional<Path> library(String name) {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return Optional.empty();
        }
        try {
            URL url = Loader.class.getClassLoader().getResource(resourceDir + "/");
            if (url == null || !"jar".equals(url.getProtocol())) {
                return Optional.empty();
            }
            Path jar = Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
            String version = jar.getFileName() + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
            Path dir = root.resolve(resourceDir).resolve(version);
            Path library = dir.resolve(System.mapLibraryName(name));
            if (!Files.exists(dir.resolve(COMPLETE))) {
                unpack(jar, dir);
            }
            return Files.isRegularFile(library) ? Optional.of(library) : Optional.empty();
        } catch (IOException | URISyntaxException | ClassCastException | SecurityException e) {
            LOG.debug("No native library cache for {}: {}", resourceDir, e.toString());
            return Optional.empty();
        }
    }

    private void unpack(Path jar, Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), "unpacking-");
        try {
            try (JarFile file = new JarFile(jar.toFile())) {
                String prefix = resourceDir + "/";
                for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                    JarEntry e = entries.nextElement();
                    if (e.isDirectory() || !e.getName().startsWith(prefix)) {
                        continue;
                    }
                    Path target = tmp.resolve(e.getName().substring(prefix.length())).normalize();
                    if (!target.startsWith(tmp)) {
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(e)) {
                        Files.copy(in, target);
                    }
                }
            }
            Files.writeString(tmp.resolve(COMPLETE), jar.toString());
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException taken) {
                // Linux reports a rename onto a folder that is there as "Directory not empty", not as a
                // FileAlreadyExistsException, so any failure is judged by what is in place now
                if (!Files.isDirectory(dir)) {
                    throw taken;
                }
                if (Files.exists(dir.resolve(COMPLETE))) {
                    // another JVM unpacked the same jar first: use its folder
                    LOG.debug("{} was unpacked by another process", dir);
                } else {
                    // a folder without its marker (emptied or edited by hand): set it aside, then put ours in place
                    Path stale = Files.createTempDirectory(dir.getParent(), "stale-");
                    Files.move(dir, stale.resolve("old"), StandardCopyOption.ATOMIC_MOVE);
                    deleteTree(stale);
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temporary folder is harmless
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
