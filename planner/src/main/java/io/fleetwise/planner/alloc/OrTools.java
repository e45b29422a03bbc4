package io.fleetwise.planner.alloc;

import com.google.ortools.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads OR-Tools' native libraries once per JVM. OR-Tools' own loader unpacks its 70 MB of libraries from the jar
 * into a new temporary folder in every JVM (0.8 to 2 s on a busy 2-core machine, the largest part of a Fleet solve
 * after a restart) and leaves the folder behind; here they are unpacked once per machine into the user's cache
 * ({@link NativeLibraryCache}) and loaded from there, falling back to OR-Tools' loader when that is not possible.
 */
public final class OrTools {
    private static final Logger LOG = LoggerFactory.getLogger(OrTools.class);

    private OrTools() {
    }

    /**
     * Loads the libraries if this JVM has not yet.
     *
     * @throws IllegalStateException when they cannot be loaded (the cause says why), every time it is called
     */
    public static void ensureLoaded() {
        // the JVM initialises the holder class once, on first use, with every other thread waiting for it
        Throwable failure = Native.FAILURE.orElse(null);
        if (failure != null) {
            throw new IllegalStateException("Cannot load OR-Tools' native libraries (" + failure.getMessage() + ")",
                    failure);
        }
    }

    /**
     * Starts loading on a background thread, so the first solve does not wait for it (the app calls this when it
     * opens; a solve that comes first simply waits for the same load, and a failure is reported by that solve).
     */
    public static void preload() {
        Thread t = new Thread(() -> Native.FAILURE.isPresent(), "or-tools-preload");
        t.setDaemon(true);
        t.start();
    }

    private static final class Native {
        /** Empty once loaded; the error otherwise (kept, so every later call reports the same cause). */
        static final Optional<Throwable> FAILURE = load();

        private static Optional<Throwable> load() {
            try {
                Optional<Path> cached = NativeLibraryCache.forOrTools().library("jniortools");
                if (cached.isPresent()) {
                    try {
                        System.load(cached.get().toString());
                        return Optional.empty();
                    } catch (UnsatisfiedLinkError e) {
                        LOG.warn("Cannot load OR-Tools from the cache {} ({}); unpacking it again", cached.get(),
                                e.getMessage());
                    }
                }
                Loader.loadNativeLibraries();
                return Optional.empty();
            } catch (RuntimeException | LinkageError e) {
                return Optional.of(e);
            }
        }
    }
}
