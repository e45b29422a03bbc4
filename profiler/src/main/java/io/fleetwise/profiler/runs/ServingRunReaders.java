package io.fleetwise.profiler.runs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads measured serving runs from the files users already have:
 * <ul>
 *   <li>a vLLM {@code benchmark_serving.py --save-result} / {@code vllm bench serve --save-result} JSON (one run);</li>
 *   <li>a SGLang {@code bench_serving --output-file} JSONL (one run per line, appended run after run);</li>
 *   <li>a Prometheus {@code /metrics} snapshot of a vLLM server with the list of requests it served
 *       ({@link #readPrometheus}): a JSON Lines file of {@code arrival_s}, {@code input_tokens}, {@code output_tokens}
 *       per request (the shape of the shared validation runs).</li>
 * </ul>
 * The format is told from the content, not the file name. Python's json module writes {@code Infinity} and
 * {@code NaN}, so those are accepted. Every problem is a {@link RunFormatException} naming the file, the line or field
 * and what is wrong; failed requests are skipped and counted in the run's notes.
 */
public final class ServingRunReaders {
    public static final String VLLM_FORMAT = "vllm bench serve";
    public static final String SGLANG_FORMAT = "sglang bench_serving";
    public static final String PROMETHEUS_FORMAT = "prometheus /metrics";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ServingRunReaders() {
    }

    /**
     * The runs named by a command-line argument: a benchmark result file, or {@code METRICS=REQUESTS} for a Prometheus
     * snapshot and the request list it served.
     */
    public static List<ServingRun> read(String argument) throws IOException {
        int eq = argument.indexOf('=');
        if (eq > 0) {
            return List.of(readPrometheus(Path.of(argument.substring(0, eq)), Path.of(argument.substring(eq + 1))));
        }
        return read(Path.of(argument));
    }

    /** The runs in a benchmark result file (vLLM JSON or SGLang JSONL). */
    public static List<ServingRun> read(Path file) throws IOException {
        String text = readText(file);
        String name = file.getFileName().toString();
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new RunFormatException(name, "", "is empty");
        }
        if (looksLikePrometheus(trimmed)) {
            throw new RunFormatException(name, "", "is a Prometheus /metrics snapshot; give it with the requests it "
                    + "served as METRICS=REQUESTS (e.g. metrics.prom=requests.jsonl)");
        }
        if (!trimmed.startsWith("{")) {
            throw new RunFormatException(name, "line 1", "expected a benchmark result JSON object (vllm bench serve "
                    + "--save-result) or JSON Lines (sglang bench_serving --output-file), found '" + clip(trimmed) + "'");
        }
        List<String> lines = nonBlankLines(text);
        boolean jsonLines = lines.size() > 1 && lines.stream().allMatch(l -> l.strip().startsWith("{") && l.strip().endsWith("}"));
        if (!jsonLines) {
            JsonNode node = parse(name, "", text);
            return List.of(readResult(node, name, "", name));
        }
        List<ServingRun> runs = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\\R")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String place = "line " + lineNo;
            runs.add(readResult(parse(name, place, line), name, place, name + "#" + lineNo));
        }
        return runs;
    }

    private static ServingRun readResult(JsonNode node, String file, String place, String id) {
        if (!node.isObject()) {
            throw new RunFormatException(file, place, "expected a JSON object, found " + node.getNodeType());
        }
        boolean vllm = node.has("model_id") || node.has("tokenizer_id") || node.has("date");
        String format = vllm ? VLLM_FORMAT : SGLANG_FORMAT;
        String model = node.path("model_id").asText("");
        return new BenchResultJson(node, file, place).read(id, format, model);
    }

    /**
     * A run measured at the server: {@code metrics} is a Prometheus snapshot taken after the run from a server that
     * served only {@code requests} (its counters must count exactly those requests and tokens).
     */
    public static ServingRun readPrometheus(Path metrics, Path requests) throws IOException {
        String metricsName = metrics.getFileName().toString();
        String requestsName = requests.getFileName().toString();
        PrometheusSnapshot snapshot;
        try (Reader r = new StringReader(readText(metrics))) {
            snapshot = PrometheusSnapshot.read(metricsName, r);
        }
        List<RunRequest> served = readRequestList(requestsName, readText(requests));
        double count = snapshot.required("vllm:e2e_request_latency_seconds_count");
        if (Math.round(count) != served.size()) {
            throw new RunFormatException(metricsName, "metric vllm:e2e_request_latency_seconds_count", String.format(
                    Locale.ROOT, "counts %.0f finished requests but %s lists %d; take the snapshot from a server that "
                            + "served exactly that list", count, requestsName, served.size()));
        }
        double e2eSum = snapshot.required("vllm:e2e_request_latency_seconds_sum");
        double ttftSum = snapshot.required("vllm:time_to_first_token_seconds_sum");
        double ttftCount = snapshot.required("vllm:time_to_first_token_seconds_count");
        double generated = snapshot.generationTokens();
        long listed = served.stream().mapToLong(RunRequest::outputTokens).sum();
        if (Math.abs(generated - listed) > 0.01 * Math.max(1, listed)) {
            throw new RunFormatException(metricsName, "metric vllm:generation_tokens_total", String.format(Locale.ROOT,
                    "counts %.0f generated tokens but the requests in %s sum to %d output tokens; the list must give "
                            + "the served lengths", generated, requestsName, listed));
        }
        if (!(ttftCount > 0)) {
            throw new RunFormatException(metricsName, "metric vllm:time_to_first_token_seconds_count", "is 0");
        }
        if (ttftSum < 0) {
            throw new RunFormatException(metricsName, "metric vllm:time_to_first_token_seconds_sum", "is " + ttftSum
                    + "; a sum of latencies is >= 0");
        }
        if (e2eSum < ttftSum) {
            // every request's end-to-end latency includes its time to first token
            throw new RunFormatException(metricsName, "metric vllm:e2e_request_latency_seconds_sum", String.format(
                    Locale.ROOT, "is %.6g s, less than vllm:time_to_first_token_seconds_sum (%.6g s); expected the "
                            + "end-to-end latencies to include the times to first token", e2eSum, ttftSum));
        }
        double first = served.get(0).arrivalS();
        double last = served.get(served.size() - 1).arrivalS();
        double rate = last > first ? (served.size() - 1) / (last - first) : Double.POSITIVE_INFINITY;
        RunMeasurement m = new RunMeasurement(served.size(), Double.NaN, ttftSum / ttftCount * 1e3, Double.NaN,
                (e2eSum - ttftSum) / generated * 1e3, Double.NaN, Double.NaN);
        return new ServingRun(metricsName + "=" + requestsName, PROMETHEUS_FORMAT, "", RunLoad.openLoop(rate), served,
                true, m, List.of());
    }

    /** JSON Lines of {@code arrival_s}, {@code input_tokens}, {@code output_tokens}, sorted by arrival. */
    static List<RunRequest> readRequestList(String file, String text) {
        List<RunRequest> out = new ArrayList<>();
        int lineNo = 0;
        double previous = Double.NEGATIVE_INFINITY;
        for (String line : text.split("\\R")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String place = "line " + lineNo;
            JsonNode n = parse(file, place, line);
            double arrival = number(n, "arrival_s", file, place);
            int in = tokens(n, "input_tokens", file, place);
            int outTokens = tokens(n, "output_tokens", file, place);
            if (arrival < previous) {
                throw new RunFormatException(file, place + ", field arrival_s", "goes back in time (" + arrival
                        + " s after " + previous + " s); sort the requests by arrival");
            }
            previous = arrival;
            out.add(new RunRequest(arrival, in, outTokens));
        }
        if (out.isEmpty()) {
            throw new RunFormatException(file, "", "lists no requests");
        }
        return out;
    }

    private static double number(JsonNode n, String field, String file, String place) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
            throw new RunFormatException(file, place + ", field " + field, "expected a number of seconds >= 0, was "
                    + (v == null ? "missing" : v.toString()));
        }
        return v.asDouble();
    }

    private static int tokens(JsonNode n, String field, String file, String place) {
        JsonNode v = n.get(field);
        // exact: 4294967297 or 12.5 tokens are refused, not wrapped or cut
        if (v == null || !v.isNumber() || v.asDouble() != Math.rint(v.asDouble()) || !v.canConvertToInt() || v.asInt() < 1) {
            throw new RunFormatException(file, place + ", field " + field, "expected a token count >= 1, was "
                    + (v == null ? "missing" : v.toString()));
        }
        return v.asInt();
    }

    private static JsonNode parse(String file, String place, String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = place;
            if (e.getLocation() != null && place.isEmpty()) {
                where = "line " + e.getLocation().getLineNr();
            }
            throw new RunFormatException(file, where, "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Benchmark result files with per-request details of long runs stay well below this. */
    private static final long MAX_RESULT_BYTES = 256L << 20;

    private static String readText(Path file) throws IOException {
        if (!java.nio.file.Files.exists(file)) {
            throw new RunFormatException(file.toString(), "", "does not exist");
        }
        try {
            // a directory, a device such as /dev/zero or an oversized file is refused before it is read into memory
            return io.fleetwise.planner.ingest.InputFiles.readText(file, "Benchmark result", MAX_RESULT_BYTES);
        } catch (io.fleetwise.planner.ingest.InputException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw new RunFormatException(file.getFileName().toString(), "", "is not UTF-8 text");
            }
            throw e;
        }
    }

    private static boolean looksLikePrometheus(String text) {
        return text.startsWith("# HELP") || text.startsWith("# TYPE") || text.startsWith("vllm:");
    }

    private static List<String> nonBlankLines(String text) {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(line);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private static String clip(String s) {
        String first = s.lines().findFirst().orElse("");
        return first.length() > 60 ? first.substring(0, 57) + "..." : first;
    }
}
