package io.fleetwise.planner.validation;

import io.fleetwise.planner.validation.BenchmarkPoint.Metric;
import io.fleetwise.planner.validation.BenchmarkReplay.Outcome;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each point's band per metric ({@code high-load/bands.csv}: {@code id,metric,low,high}, signed relative errors): the
 * error it had when the engine profiles were last tuned, widened by {@link #MARGIN} on each side, and never narrower
 * than {@link #FLOOR} around zero. A prediction that leaves its band fails {@code HighLoadValidationTest}: a change
 * to the model or a profile that moves a point must be looked at and the bands rewritten on purpose
 * ({@code HighLoadValidation --write-bands}), with docs/validation.md regenerated.
 */
final class Bands {
    static final String RESOURCE = "/io/fleetwise/planner/validation/high-load/bands.csv";
    /** Room on each side of the recorded error (relative). */
    static final double MARGIN = 0.05;
    /** A band always spans at least [-FLOOR, +FLOOR]. */
    static final double FLOOR = 0.10;

    record Band(double low, double high) {
        boolean contains(double error) {
            return error >= low && error <= high;
        }
    }

    private Bands() {
    }

    static String key(String id, Metric m) {
        return id + "," + m.name();
    }

    static String write(List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder("id,metric,low,high\n");
        for (Outcome o : outcomes) {
            if (!o.replayed()) {
                continue;
            }
            for (Metric m : o.point().measured().keySet()) {
                double e = o.error(m);
                if (!Double.isFinite(e)) {
                    continue;
                }
                double low = Math.min(-FLOOR, Math.floor((e - MARGIN) * 100) / 100);
                double high = Math.max(FLOOR, Math.ceil((e + MARGIN) * 100) / 100);
                sb.append(String.format(Locale.ROOT, "%s,%s,%.2f,%.2f%n", o.point().id(), m.name(), low, high));
            }
        }
        return sb.toString();
    }

    static Map<String, Band> load() {
        try (InputStream in = Bands.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + RESOURCE);
            }
            Map<String, Band> bands = new LinkedHashMap<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = r.readLine(); // header
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                bands.put(f[0] + "," + f[1], new Band(Double.parseDouble(f[2]), Double.parseDouble(f[3])));
            }
            return bands;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
