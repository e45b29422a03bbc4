package io.fleetwise.planner.uncertainty;

import io.fleetwise.planner.model.Slo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * How far the performance model is from measured serving runs, read from {@code model-error-band.properties} beside
 * this class (written from docs/validation.md, updated with it). A capacity figure's band is either its capacity
 * times (1 -/+ {@code capacityRelativeError}) where a validation measured throughput, or the capacity re-measured
 * against the SLO with latencies assumed (1 +/- e) times the predicted ones.
 *
 * @param ttftRelativeError     largest |relative error| of predicted TTFT (0.08 = 8 %)
 * @param tpotRelativeError     largest |relative error| of predicted TPOT
 * @param capacityRelativeError largest |relative error| of predicted maximum throughput; 0 = not measured
 */
public record ModelErrorBand(double ttftRelativeError, double tpotRelativeError, double capacityRelativeError,
                             String source) {

    public static final String RESOURCE = "model-error-band.properties";

    public ModelErrorBand {
        check(ttftRelativeError, "TTFT");
        check(tpotRelativeError, "TPOT");
        check(capacityRelativeError, "capacity");
        source = source == null ? "" : source;
    }

    /** The band of the validation shipped with this build. */
    public static ModelErrorBand validated() {
        return Holder.VALIDATED;
    }

    /** No error at all: the band collapses to the nominal figures (for tests and "ignore the band"). */
    public static ModelErrorBand none() {
        return new ModelErrorBand(0, 0, 0, "no band");
    }

    public boolean isNone() {
        return ttftRelativeError == 0 && tpotRelativeError == 0 && capacityRelativeError == 0;
    }

    /** Whether the band comes from measured throughput (cheap: no extra simulation) rather than from latencies. */
    public boolean byCapacity() {
        return capacityRelativeError > 0;
    }

    /** The SLO to measure the low end of capacity against: latencies (1 + e) times the predicted ones must still fit. */
    public Slo pessimistic(Slo slo) {
        return new Slo(slo.ttftMs() / (1 + ttftRelativeError), slo.tpotMs() / (1 + tpotRelativeError),
                slo.e2eMs() / (1 + Math.max(ttftRelativeError, tpotRelativeError)), slo.attainment());
    }

    /** The SLO for the high end: latencies (1 - e) times the predicted ones. */
    public Slo optimistic(Slo slo) {
        return new Slo(slo.ttftMs() / (1 - ttftRelativeError), slo.tpotMs() / (1 - tpotRelativeError),
                slo.e2eMs() / (1 - Math.max(ttftRelativeError, tpotRelativeError)), slo.attainment());
    }

    /** "TTFT +-8.0 %, TPOT +-3.4 %, from docs/validation.md: ..." (no brackets: callers put the whole in theirs). */
    public String describe() {
        if (isNone()) {
            return "no error band";
        }
        String figures = byCapacity()
                ? String.format(Locale.ROOT, "capacity +-%.1f %%", 100 * capacityRelativeError)
                : String.format(Locale.ROOT, "TTFT +-%.1f %%, TPOT +-%.1f %%", 100 * ttftRelativeError, 100 * tpotRelativeError);
        return figures + (source.isEmpty() ? "" : ", from " + source);
    }

    /** Short form for fingerprints and cache keys. */
    public String canonical() {
        return ttftRelativeError + "/" + tpotRelativeError + "/" + capacityRelativeError;
    }

    static ModelErrorBand read(InputStream in, String where) {
        Properties p = new Properties();
        try {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + where, e);
        }
        return new ModelErrorBand(number(p, "ttft.relative_error", where), number(p, "tpot.relative_error", where),
                number(p, "capacity.relative_error", where), p.getProperty("source", "").trim());
    }

    private static double number(Properties p, String key, String where) {
        String v = p.getProperty(key, "").trim();
        if (v.isEmpty()) {
            return 0;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + ": " + key + " is not a number: '" + v + "'", e);
        }
    }

    private static void check(double e, String what) {
        if (!(e >= 0 && e < 1)) {
            throw new IllegalArgumentException(what + " relative error must be in [0, 1) (0.08 = 8 %), was " + e);
        }
    }

    private static final class Holder {
        static final ModelErrorBand VALIDATED = load();

        private static ModelErrorBand load() {
            try (InputStream in = ModelErrorBand.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Error band resource " + RESOURCE + " is missing from the planner jar");
                }
                return read(in, RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + RESOURCE, e);
            }
        }
    }
}
