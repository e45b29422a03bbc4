package io.fleetwise.planner.alloc;

import com.google.ortools.Loader;

/** Loads OR-Tools' native libraries once per JVM (about a second the first time). */
public final class OrTools {

    private OrTools() {
    }

    public static void ensureLoaded() {
        // the JVM initialises the holder class once, on first use, with every other thread waiting for it
        Native.LOADED.hashCode();
    }

    private static final class Native {
        static final Boolean LOADED = load();

        private static Boolean load() {
            Loader.loadNativeLibraries();
            return Boolean.TRUE;
        }
    }
}
