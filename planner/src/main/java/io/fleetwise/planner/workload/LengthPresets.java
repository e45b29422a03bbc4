package io.fleetwise.planner.workload;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Length presets from {@code workload/trace_length_quantiles.csv} (percentiles computed from public traces; see
 * the shared reference traces-metrics-workloads.md): chat = Azure 2023 conversation, code = Azure 2023 code,
 * long-context = Mooncake conversation, summarization = arXiv summarization (Vidur).
 */
public final class LengthPresets {
    private static final Map<String, String> PRESET_TO_TRACE = Map.of(
            "chat", "azure2023_conv",
            "code", "azure2023_code",
            "long-context", "mooncake_conversation",
            "summarization", "vidur_arxiv_summarization");

    private LengthPresets() {
    }

    public static List<String> names() {
        return List.of("chat", "code", "long-context", "summarization");
    }

    /** A preset by name (chat, code, long-context, summarization) or by its trace name. */
    public static QuantileLengths preset(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        String trace = PRESET_TO_TRACE.getOrDefault(key, key);
        QuantileLengths q = tables().get(trace);
        if (q == null) {
            throw new IllegalArgumentException("Unknown length preset '" + name + "'. Use one of: " + names()
                    + " or a trace of trace_length_quantiles.csv " + tables().keySet());
        }
        return q;
    }

    private static Map<String, QuantileLengths> tables() {
        return Tables.BY_TRACE;
    }

    /** Read on first use; the JVM's class initialisation makes that lazy and thread-safe. */
    private static final class Tables {
        static final Map<String, QuantileLengths> BY_TRACE = load();
    }

    private static Map<String, QuantileLengths> load() {
        String path = "/io/fleetwise/planner/workload/trace_length_quantiles.csv";
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        try (InputStream in = LengthPresets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                    .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                rows.computeIfAbsent(r.get("trace"), k -> new ArrayList<>()).add(new double[] {
                        Double.parseDouble(r.get("percentile")), Double.parseDouble(r.get("input_tokens")),
                        Double.parseDouble(r.get("output_tokens"))});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
        Map<String, QuantileLengths> out = new LinkedHashMap<>();
        rows.forEach((trace, list) -> {
            double[] p = list.stream().mapToDouble(a -> a[0]).toArray();
            double[] i = list.stream().mapToDouble(a -> a[1]).toArray();
            double[] o = list.stream().mapToDouble(a -> a[2]).toArray();
            out.put(trace, new QuantileLengths(trace, p, i, o));
        });
        return out;
    }
}
