package io.fleetwise.datastore.trace.model;

import java.util.Arrays;

/**
 * Draw list for one track in one frame, in pixels: rectangles for slices at least one pixel wide, and runs of
 * adjacent pixel columns covered by narrower slices (merged), with a coverage level 1..4 for shading.
 * Arrays are reused from frame to frame.
 */
public final class ReducedTrack {
    double[] rectX = new double[256];
    double[] rectW = new double[256];
    int[] rectDepth = new int[256];
    int[] rectNameId = new int[256];
    long[] rectSliceId = new long[256];
    int rectCount;
    double[] runX = new double[256];
    double[] runW = new double[256];
    int[] runDepth = new int[256];
    int[] runLevel = new int[256];
    int runCount;

    void clear() {
        rectCount = 0;
        runCount = 0;
    }

    void addRect(double x, double w, int depth, int nameId, long sliceId) {
        if (rectCount == rectX.length) {
            int n = rectCount * 2;
            rectX = Arrays.copyOf(rectX, n);
            rectW = Arrays.copyOf(rectW, n);
            rectDepth = Arrays.copyOf(rectDepth, n);
            rectNameId = Arrays.copyOf(rectNameId, n);
            rectSliceId = Arrays.copyOf(rectSliceId, n);
        }
        rectX[rectCount] = x;
        rectW[rectCount] = w;
        rectDepth[rectCount] = depth;
        rectNameId[rectCount] = nameId;
        rectSliceId[rectCount] = sliceId;
        rectCount++;
    }

    void addRun(double x, double w, int depth, int level) {
        if (runCount == runX.length) {
            int n = runCount * 2;
            runX = Arrays.copyOf(runX, n);
            runW = Arrays.copyOf(runW, n);
            runDepth = Arrays.copyOf(runDepth, n);
            runLevel = Arrays.copyOf(runLevel, n);
        }
        runX[runCount] = x;
        runW[runCount] = w;
        runDepth[runCount] = depth;
        runLevel[runCount] = level;
        runCount++;
    }

    public int rectCount() { return rectCount; }
    public double rectX(int i) { return rectX[i]; }
    public double rectW(int i) { return rectW[i]; }
    public int rectDepth(int i) { return rectDepth[i]; }
    public int rectNameId(int i) { return rectNameId[i]; }
    public long rectSliceId(int i) { return rectSliceId[i]; }
    public int runCount() { return runCount; }
    public double runX(int i) { return runX[i]; }
    public double runW(int i) { return runW[i]; }
    public int runDepth(int i) { return runDepth[i]; }
    /** Coverage of the run's columns quantised to 1 (sparse) .. 4 (fully busy). */
    public int runLevel(int i) { return runLevel[i]; }
}
