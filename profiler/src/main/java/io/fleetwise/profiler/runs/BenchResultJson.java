package io.fleetwise.profiler.runs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One result object of the engines' serving benchmarks, whose field names vLLM's {@code benchmark_serving.py
 * --save-result} / {@code vllm bench serve --save-result} (vllm benchmarks/benchmark_serving.py, vllm/benchmarks/
 * serve.py) and SGLang's {@code bench_serving --output-file} (python/sglang/bench_serving.py) share: {@code
 * request_rate} (a number, or "inf" / Infinity), {@code burstiness}, {@code max_concurrency}, {@code duration} (s),
 * {@code completed}, {@code total_input_tokens}, {@code total_output_tokens}, {@code request_throughput}, {@code
 * output_throughput}, {@code mean_ttft_ms}, {@code mean_tpot_ms}; with details ({@code --save-detailed}, SGLang
 * {@code --output-details}) the per-request arrays {@code input_lens}, {@code output_lens}, {@code ttfts} (s),
 * {@code itls} (s, one list per request) and {@code errors} (empty for a success).
 */
final class BenchResultJson {
    private final JsonNode node;
    private final String file;
    private final String place;

    BenchResultJson(JsonNode node, String file, String place) {
        this.node = node;
        this.file = file;
        this.place = place;
    }

    ServingRun read(String id, String format, String modelId) {
        if (!node.isObject()) {
            throw error("", "expected a JSON object with the benchmark's result fields, found " + node.getNodeType());
        }
        RunLoad load = new RunLoad(rate(), optionalPositive("burstiness", 1.0), maxConcurrency(), false);
        int completed = requiredInt("completed");
        double duration = requiredPositive("duration");
        List<String> notes = new ArrayList<>();
        List<RunRequest> requests;
        boolean perRequest = node.has("input_lens") || node.has("output_lens");
        double tokenWeightedTpotMs = Double.NaN;
        double meanTtftMs = optionalNumber("mean_ttft_ms");
        double meanTpotMs = optionalNumber("mean_tpot_ms");
        if (perRequest) {
            Details d = details(notes);
            requests = d.requests;
            if (requests.size() != completed) {
                notes.add(String.format(Locale.ROOT, "%d requests succeeded in the per-request arrays; the file says "
                        + "completed %d", requests.size(), completed));
            }
            tokenWeightedTpotMs = d.itlSumS > 0 && d.outputTokens > 0 ? d.itlSumS / d.outputTokens * 1e3 : Double.NaN;
            if (Double.isNaN(meanTtftMs)) {
                meanTtftMs = d.ttftSumS / requests.size() * 1e3;
            }
        } else {
            int in = (int) Math.round(requiredPositive("total_input_tokens") / completed);
            int out = (int) Math.round(requiredPositive("total_output_tokens") / completed);
            requests = new ArrayList<>();
            for (int i = 0; i < completed; i++) {
                requests.add(new RunRequest(Double.NaN, Math.max(1, in), Math.max(1, out)));
            }
            notes.add(String.format(Locale.ROOT, "no per-request lengths (saved without details): replayed as %d "
                    + "requests of the run's mean lengths, %d in / %d out", completed, in, out));
        }
        if (Double.isNaN(meanTtftMs)) {
            throw error("mean_ttft_ms", "missing; a run needs its mean TTFT (or per-request ttfts)");
        }
        if (Double.isNaN(meanTpotMs) && Double.isNaN(tokenWeightedTpotMs)) {
            throw error("mean_tpot_ms", "missing; a run needs its mean TPOT (or per-request itls)");
        }
        double outputPerS = optionalNumber("output_throughput");
        double requestPerS = optionalNumber("request_throughput");
        RunMeasurement measured = new RunMeasurement(completed, duration, meanTtftMs, meanTpotMs, tokenWeightedTpotMs,
                Double.isNaN(outputPerS) ? optionalNumber("total_output_tokens") / duration : outputPerS,
                Double.isNaN(requestPerS) ? completed / duration : requestPerS);
        return new ServingRun(id, format, modelId, load, requests, perRequest, measured, notes);
    }

    private record Details(List<RunRequest> requests, double ttftSumS, double itlSumS, long outputTokens) {
    }

    private Details details(List<String> notes) {
        JsonNode in = array("input_lens");
        JsonNode out = array("output_lens");
        JsonNode ttfts = node.has("ttfts") ? array("ttfts") : null;
        JsonNode itls = node.has("itls") ? array("itls") : null;
        JsonNode errors = node.has("errors") ? array("errors") : null;
        int n = in.size();
        checkLength("output_lens", out, n);
        checkLength("ttfts", ttfts, n);
        checkLength("itls", itls, n);
        checkLength("errors", errors, n);
        List<RunRequest> requests = new ArrayList<>(n);
        double ttftSum = 0;
        double itlSum = 0;
        long outTokens = 0;
        int failed = 0;
        for (int i = 0; i < n; i++) {
            String err = errors == null || errors.get(i).isNull() ? "" : errors.get(i).asText("");
            int inTokens = intAt("input_lens", in, i);
            int outTok = intAt("output_lens", out, i);
            if (!err.isEmpty() || outTok < 1 || inTokens < 1) {
                failed++;
                continue;
            }
            requests.add(new RunRequest(Double.NaN, inTokens, outTok));
            outTokens += outTok;
            if (ttfts != null) {
                ttftSum += numberAt("ttfts", ttfts, i);
            }
            if (itls != null) {
                JsonNode list = itls.get(i);
                if (!list.isArray()) {
                    throw error("itls[" + i + "]", "expected a list of inter-token latencies in seconds, found "
                            + list.getNodeType());
                }
                for (int k = 0; k < list.size(); k++) {
                    itlSum += numberAt("itls[" + i + "]", list, k);
                }
            }
        }
        if (failed > 0) {
            notes.add(failed + " failed request" + (failed == 1 ? "" : "s") + " skipped (non-empty error or no tokens)");
        }
        if (requests.isEmpty()) {
            throw error("errors", "every one of the " + n + " requests failed; nothing was served");
        }
        return new Details(requests, ttftSum, itlSum, outTokens);
    }

    private double rate() {
        JsonNode r = node.get("request_rate");
        if (r == null || r.isNull()) {
            throw error("request_rate", "missing; the run's request rate (a number or \"inf\") says how to replay it");
        }
        if (r.isNumber()) {
            double v = r.asDouble();
            if (!(v > 0)) {
                throw error("request_rate", "must be > 0 or inf, was " + r);
            }
            return v;
        }
        String t = r.asText().trim().toLowerCase(Locale.ROOT);
        if (t.equals("inf") || t.equals("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double v = Double.parseDouble(t);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // the message below names the value
        }
        throw error("request_rate", "expected a number > 0 or \"inf\", was " + r);
    }

    private int maxConcurrency() {
        JsonNode c = node.get("max_concurrency");
        if (c == null || c.isNull()) {
            return 0;
        }
        if (!c.canConvertToInt() || c.asInt() < 1) {
            throw error("max_concurrency", "expected a whole number >= 1 or null, was " + c);
        }
        return c.asInt();
    }

    private JsonNode array(String field) {
        JsonNode a = node.get(field);
        if (a == null || !a.isArray()) {
            throw error(field, "expected a list (one entry per request), found " + (a == null ? "nothing" : a.getNodeType()));
        }
        return a;
    }

    private void checkLength(String field, JsonNode a, int n) {
        if (a != null && a.size() != n) {
            throw error(field, "has " + a.size() + " entries but input_lens has " + n + "; the per-request lists must align");
        }
    }

    private int intAt(String field, JsonNode a, int i) {
        JsonNode v = a.get(i);
        if (!v.canConvertToInt() || v.asInt() < 0) {
            throw error(field + "[" + i + "]", "expected a token count >= 0, was " + v);
        }
        return v.asInt();
    }

    private double numberAt(String field, JsonNode a, int i) {
        JsonNode v = a.get(i);
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
            throw error(field + "[" + i + "]", "expected seconds >= 0, was " + v);
        }
        return v.asDouble();
    }

    private int requiredInt(String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() < 1) {
            throw error(field, "expected a whole number >= 1, was " + (v == null ? "missing" : v.toString()));
        }
        return v.asInt();
    }

    private double requiredPositive(String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber() || !(v.asDouble() > 0) || Double.isInfinite(v.asDouble())) {
            throw error(field, "expected a number > 0, was " + (v == null ? "missing" : v.toString()));
        }
        return v.asDouble();
    }

    private double optionalPositive(String field, double whenAbsent) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return whenAbsent;
        }
        if (!v.isNumber() || !(v.asDouble() > 0) || Double.isInfinite(v.asDouble())) {
            throw error(field, "expected a number > 0, was " + v);
        }
        return v.asDouble();
    }

    /** A number that may be missing or null (NaN then); any other non-number is an error. */
    private double optionalNumber(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw error(field, "expected a number, was " + v);
        }
        return v.asDouble();
    }

    private RunFormatException error(String field, String problem) {
        String where = place == null || place.isEmpty() ? "" : place;
        if (!field.isEmpty()) {
            where = where.isEmpty() ? "field " + field : where + ", field " + field;
        }
        return new RunFormatException(file, where, problem);
    }
}
