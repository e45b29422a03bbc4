package io.fleetwise.profiler.runs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Prometheus text-format snapshot ({@code GET /metrics}) of a vLLM server, summed over label sets (one series per
 * model name or engine). Reads the counters and histogram sums vLLM exports (vllm/engine/metrics.py,
 * vllm/v1/metrics/loggers.py): {@code vllm:e2e_request_latency_seconds_{sum,count}},
 * {@code vllm:time_to_first_token_seconds_{sum,count}}, {@code vllm:generation_tokens_total},
 * {@code vllm:prompt_tokens_total}, {@code vllm:time_per_output_token_seconds_{sum,count}}.
 */
final class PrometheusSnapshot {
    private final Map<String, Double> values;
    private final String file;

    private PrometheusSnapshot(Map<String, Double> values, String file) {
        this.values = values;
        this.file = file;
    }

    static PrometheusSnapshot read(String file, Reader reader) throws IOException {
        Map<String, Double> values = new HashMap<>();
        BufferedReader in = new BufferedReader(reader);
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int brace = t.indexOf('{');
            int nameEnd = brace >= 0 ? brace : t.indexOf(' ');
            if (nameEnd <= 0) {
                throw new RunFormatException(file, "line " + lineNo, "expected 'metric{labels} value', found '" + clip(t) + "'");
            }
            String name = t.substring(0, nameEnd);
            int valueStart = brace >= 0 ? closingBrace(t, brace, file, lineNo) + 1 : nameEnd;
            String[] rest = t.substring(valueStart).strip().split("\\s+");
            if (rest.length < 1 || rest[0].isEmpty()) {
                throw new RunFormatException(file, "line " + lineNo, "metric " + name + " has no value");
            }
            double v = parseValue(rest[0], file, lineNo, name);
            values.merge(name, v, Double::sum);
        }
        return new PrometheusSnapshot(values, file);
    }

    private static int closingBrace(String t, int open, String file, int lineNo) {
        boolean quoted = false;
        for (int i = open + 1; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        throw new RunFormatException(file, "line " + lineNo, "labels not closed with '}' in '" + clip(t) + "'");
    }

    private static double parseValue(String text, String file, int lineNo, String name) {
        switch (text) {
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            case "NaN": return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new RunFormatException(file, "line " + lineNo, "metric " + name + " has value '" + text
                            + "', not a number");
                }
        }
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value summed over label sets; the message names the metric when the snapshot lacks it. */
    double required(String name) {
        Double v = values.get(name);
        if (v == null || !Double.isFinite(v)) {
            throw new RunFormatException(file, "metric " + name, v == null ? "missing; is this a vLLM server's /metrics?"
                    : "is " + v + ", not a finite number");
        }
        return v;
    }

    double optional(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }

    /** Generated tokens: the V0/V1 counter, or the per-request histogram's sum. */
    double generationTokens() {
        if (has("vllm:generation_tokens_total")) {
            return required("vllm:generation_tokens_total");
        }
        if (has("vllm:request_generation_tokens_sum")) {
            return required("vllm:request_generation_tokens_sum");
        }
        throw new RunFormatException(file, "metric vllm:generation_tokens_total", "missing (nor "
                + "vllm:request_generation_tokens_sum); the snapshot cannot give a token-weighted TPOT");
    }

    String describe() {
        return String.format(Locale.ROOT, "%d metric series", values.size());
    }
}
