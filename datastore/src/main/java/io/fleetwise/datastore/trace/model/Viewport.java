package io.fleetwise.datastore.trace.model;

/** The visible time range [startNs, endNs), kept inside the trace bounds and at least minSpanNs wide. */
public record Viewport(long startNs, long endNs) {
    public static final long MIN_SPAN_NS = 100;

    public Viewport {
        if (endNs <= startNs) {
            throw new IllegalArgumentException("Viewport end " + endNs + " ns must be after start " + startNs + " ns");
        }
    }

    public long spanNs() {
        return endNs - startNs;
    }

    public double nsPerPixel(double widthPx) {
        return spanNs() / Math.max(1.0, widthPx);
    }

    public double xOf(long tsNs, double widthPx) {
        return (tsNs - startNs) / nsPerPixel(widthPx);
    }

    public long timeAt(double xPx, double widthPx) {
        return startNs + Math.round(xPx * nsPerPixel(widthPx));
    }

    /** Zooms by factor (&lt;1 zooms in) keeping anchorNs at the same screen position. */
    public Viewport zoom(long anchorNs, double factor, long boundStartNs, long boundEndNs) {
        long span = Math.max(MIN_SPAN_NS, Math.round(spanNs() * factor));
        span = Math.min(span, Math.max(MIN_SPAN_NS, boundEndNs - boundStartNs));
        double anchorFraction = (anchorNs - startNs) / (double) spanNs();
        long start = anchorNs - Math.round(anchorFraction * span);
        return clamp(start, span, boundStartNs, boundEndNs);
    }

    public Viewport pan(long deltaNs, long boundStartNs, long boundEndNs) {
        return clamp(startNs + deltaNs, spanNs(), boundStartNs, boundEndNs);
    }

    private static Viewport clamp(long start, long span, long boundStartNs, long boundEndNs) {
        if (start + span > boundEndNs) {
            start = boundEndNs - span;
        }
        if (start < boundStartNs) {
            start = boundStartNs;
        }
        return new Viewport(start, start + span);
    }
}
