package io.fleetwise.planner.alloc;

import com.google.ortools.Loader;

/** Loads OR-Tools' native libraries once per JVM (about a second the first time). */
public final class OrTools {
    private static boolean loaded;

    private OrTools() {
    }

    public static synchronized void ensureLoaded() {
        if (!loaded) {
            Loader.loadNativeLibraries();
            loaded = true;
        }
    }
}
