package io.fleetwise.datastore.trace.model;

import java.util.Arrays;

/**
 * Turns a track window into a per-frame draw list (ChartFX-style reduction): slices at least one pixel wide
 * become rectangles clipped to the view; narrower slices and density buckets add coverage to their pixel
 * columns, and adjacent covered columns at the same coverage level merge into one run. The work is
 * O(rows + depths x pixels); nothing is allocated once the caches have grown.
 */
public final class PixelReducer {
    private float[] coverage = new float[0];

    public ReducedTrack reduce(TrackWindow window, Viewport view, int widthPx, int depthCount, ReducedTrack out) {
        out.clear();
        int width = Math.max(1, widthPx);
        int depths = Math.max(1, depthCount);
        if (coverage.length < width * depths) {
            coverage = new float[width * depths];
        } else {
            Arrays.fill(coverage, 0, width * depths, 0f);
        }
        double nsPerPixel = view.nsPerPixel(width);
        SliceColumns s = window.slices();
        for (int i = 0; i < s.size(); i++) {
            long start = s.startNs(i);
            long end = s.endNs(i);
            if (end < view.startNs() || start > view.endNs()) {
                continue;
            }
            int depth = Math.min(s.depth(i), depths - 1);
            double x0 = (start - view.startNs()) / nsPerPixel;
            double x1 = (end - view.startNs()) / nsPerPixel;
            if (x1 - x0 >= 1.0) {
                double cx0 = Math.max(-1, x0);
                double cx1 = Math.min(width + 1, x1);
                out.addRect(cx0, cx1 - cx0, depth, s.nameId(i), s.sliceId(i));
            } else {
                addCoverage(depth, width, x0, x1, 1.0);
            }
        }
        DensityColumns d = window.density();
        if (d != null) {
            for (int i = 0; i < d.size(); i++) {
                long start = d.bucketStartNs(i);
                double x0 = (start - view.startNs()) / nsPerPixel;
                double x1 = (start + d.bucketWidthNs() - view.startNs()) / nsPerPixel;
                double fraction = Math.min(1.0, d.busyNs(i) / (double) d.bucketWidthNs());
                addCoverage(0, width, x0, x1, Math.max(fraction, 0.05));
            }
        }
        for (int depth = 0; depth < depths; depth++) {
            int base = depth * width;
            int runStart = -1;
            int runLevel = 0;
            for (int x = 0; x <= width; x++) {
                int level = x == width ? 0 : quantise(coverage[base + x]);
                if (level != runLevel) {
                    if (runLevel > 0) {
                        out.addRun(runStart, x - runStart, depth, runLevel);
                    }
                    runStart = x;
                    runLevel = level;
                }
            }
        }
        return out;
    }

    /** A slice or bucket narrower than a pixel marks its column(s) as covered by its busy fraction. */
    private void addCoverage(int depth, int width, double x0, double x1, double busyFraction) {
        int c0 = (int) Math.floor(x0);
        int c1 = (int) Math.floor(Math.max(x0, x1 - 1e-9));
        if (c1 < 0 || c0 >= width) {
            return;
        }
        double widthPx = Math.max(x1 - x0, 1e-9);
        for (int c = Math.max(0, c0); c <= Math.min(width - 1, c1); c++) {
            double overlap = Math.min(x1, c + 1) - Math.max(x0, c);
            double add = busyFraction * Math.max(overlap, 0) / widthPx * Math.min(1.0, widthPx);
            int idx = depth * width + c;
            coverage[idx] = (float) Math.min(1.0, coverage[idx] + Math.max(add, 0.05 * busyFraction));
        }
    }

    private static int quantise(float c) {
        if (c <= 0f) {
            return 0;
        }
        return Math.min(4, 1 + (int) (c * 4));
    }
}
