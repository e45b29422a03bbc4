package io.fleetwise.planner.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A sweep of one what-if parameter over {@code points} evenly spaced values from {@code from} to {@code to}.
 *
 * @param gpuType the GPU type whose price changes for {@link Parameter#GPU_PRICE_FACTOR}, else empty
 */
public record WhatIfSweep(Parameter parameter, String gpuType, double from, double to, int points) {

    public static final int MAX_POINTS = 200;

    /** What a sweep varies. Traffic and price sweeps reuse one throughput table; a TPOT sweep needs one per point. */
    public enum Parameter {
        RATE_FACTOR("Traffic factor", "x"),
        TPOT_MS("TPOT SLO", "ms"),
        GPU_PRICE_FACTOR("GPU price factor", "x");

        private final String label;
        private final String unit;

        Parameter(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }

        public String label() {
            return label;
        }

        public String unit() {
            return unit;
        }

        /** @throws IllegalArgumentException naming the known names */
        public static Parameter parse(String name) {
            for (Parameter p : values()) {
                if (p.name().equalsIgnoreCase(name) || p.label.equalsIgnoreCase(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("No sweep parameter '" + name + "'. Known: "
                    + java.util.Arrays.toString(values()));
        }
    }

    public WhatIfSweep {
        Objects.requireNonNull(parameter, "parameter");
        gpuType = gpuType == null ? "" : gpuType.trim();
        if (!(from > 0) || Double.isInfinite(from)) {
            throw new IllegalArgumentException("Sweep from: must be a number > 0, was " + from);
        }
        if (!(to > 0) || Double.isInfinite(to)) {
            throw new IllegalArgumentException("Sweep to: must be a number > 0, was " + to);
        }
        if (points < 2 || points > MAX_POINTS) {
            throw new IllegalArgumentException("Sweep points: must be 2 to " + MAX_POINTS + ", was " + points);
        }
        if (parameter == Parameter.GPU_PRICE_FACTOR && gpuType.isEmpty()) {
            throw new IllegalArgumentException("Sweep GPU type: a price sweep needs the GPU type whose price changes");
        }
    }

    public double value(int point) {
        return from + (to - from) * point / (points - 1);
    }

    /** One variant per point, named by the parameter and its value. */
    public List<WhatIfVariant> variants() {
        List<WhatIfVariant> out = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            double v = value(i);
            out.add(switch (parameter) {
                case RATE_FACTOR -> new WhatIfVariant(String.format(Locale.ROOT, "traffic x%.3g", v), v, Double.NaN, Map.of());
                case TPOT_MS -> new WhatIfVariant(String.format(Locale.ROOT, "TPOT %.3g ms", v), 1.0, v, Map.of());
                case GPU_PRICE_FACTOR -> new WhatIfVariant(String.format(Locale.ROOT, "%s price x%.3g", gpuType, v),
                        1.0, Double.NaN, Map.of(gpuType, v));
            });
        }
        return out;
    }

    /** The parameter as a column title, e.g. "TPOT SLO (ms)" or "H100-SXM price factor (x)". */
    public String axisLabel() {
        String name = parameter == Parameter.GPU_PRICE_FACTOR ? gpuType + " price factor" : parameter.label();
        return name + " (" + parameter.unit() + ")";
    }
}
