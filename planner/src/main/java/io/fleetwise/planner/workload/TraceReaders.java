package io.fleetwise.planner.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.ingest.StrictUtf8Reader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Streaming readers for public request traces: one line at a time into primitive arrays (a 1 GB file needs memory
 * only for the kept requests, 16-20 bytes each). A time window [fromS, toS) relative to the first request keeps
 * part of a trace; the result is sorted by arrival and starts at 0. Bad lines throw {@link TraceFormatException}
 * naming file, line and field.
 */
public final class TraceReaders {
    /** Keep everything. */
    public static final double ALL = Double.POSITIVE_INFINITY;
    private static final ObjectMapper JSON = new ObjectMapper();
    // Azure 2023: "2023-11-16 18:17:03.9799600"; Azure 2024: "2024-05-10 00:00:00.009930+00:00" or without fraction.
    private static final DateTimeFormatter AZURE = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private TraceReaders() {
    }

    /** Azure LLM inference CSV, 2023 or 2024 form: TIMESTAMP,ContextTokens,GeneratedTokens. */
    public static RequestTrace azureCsv(Path file, double fromS, double toS) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return azureCsv(file.getFileName().toString(), in, fromS, toS);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw io.fleetwise.planner.ingest.InputFiles.readFailure(file.getFileName().toString(), e);
        }
    }

    public static RequestTrace azureCsv(String name, InputStream in, double fromS, double toS) throws IOException {
        Collector c = new Collector(name, false);
        readCsv(name, new StrictUtf8Reader(in),
                List.of("TIMESTAMP", "ContextTokens", "GeneratedTokens"), (line, row) ->
                        c.add(line, azureTimeNs(name, line, row.get("TIMESTAMP").trim()),
                                intField(name, line, "ContextTokens", row.get("ContextTokens")),
                                intField(name, line, "GeneratedTokens", row.get("GeneratedTokens")), null));
        return c.build(fromS, toS);
    }

    static long azureTimeNs(String file, long line, String text) {
        try {
            var parsed = AZURE.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            java.time.Instant instant = parsed instanceof OffsetDateTime ? ((OffsetDateTime) parsed).toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        } catch (DateTimeParseException e) {
            throw new TraceFormatException(file, line, "TIMESTAMP", "cannot read time '" + text + "'");
        }
    }

    /**
     * BurstGPT CSV: Timestamp (s),Model,Request tokens,Response tokens,Total tokens,Log Type[,...]; columns found by
     * header name. Rows with 0 response tokens (failed requests) are skipped.
     */
    public static RequestTrace burstGptCsv(Path file, double fromS, double toS) throws IOException {
        String name = file.getFileName().toString();
        Collector c = new Collector(name, false);
        try (Reader reader = new StrictUtf8Reader(Files.newInputStream(file))) {
            readCsv(name, reader, List.of("Timestamp", "Request tokens", "Response tokens"), (line, row) -> {
                int out = intFieldAllowZero(name, line, "Response tokens", row.get("Response tokens"));
                int in = intFieldAllowZero(name, line, "Request tokens", row.get("Request tokens"));
                double s = doubleField(name, line, "Timestamp", row.get("Timestamp"));
                if (!(Math.abs(s) < 9.0e9)) {
                    throw new TraceFormatException(name, line, "Timestamp", s + " s is out of range; allowed -9e9 to 9e9 seconds");
                }
                if (out == 0 || in == 0) {
                    // BurstGPT logs failed requests with 0 tokens: nothing to serve, but never dropped unsaid
                    c.report.skipped("rows with 0 " + (out == 0 ? "response" : "request")
                            + " tokens (failed requests; nothing to serve)", "line " + line);
                } else {
                    c.add(line, Math.round(s * 1e9), in, out, null);
                }
            });
        } catch (java.nio.charset.CharacterCodingException e) {
            throw io.fleetwise.planner.ingest.InputFiles.readFailure(name, e);
        }
        return c.build(fromS, toS);
    }

    /** Mooncake JSONL: {"timestamp": ms, "input_length", "output_length", "hash_ids": [512-token block ids]}. */
    public static RequestTrace mooncakeJsonl(Path file, double fromS, double toS) throws IOException {
        String name = file.getFileName().toString();
        Collector c = new Collector(name, true);
        readJsonLines(file, (line, n) -> {
            double ms = doubleNode(name, line, n, "timestamp");
            if (!(Math.abs(ms) < 9.0e12)) {
                throw new TraceFormatException(name, line, "timestamp", ms + " ms is out of range; allowed -9e12 to 9e12 ms");
            }
            JsonNode hashes = n.get("hash_ids");
            int[] ids = null;
            if (hashes != null && hashes.isArray()) {
                ids = new int[hashes.size()];
                for (int i = 0; i < ids.length; i++) {
                    JsonNode h = hashes.get(i);
                    if (!h.isIntegralNumber() || !h.canConvertToInt()) {
                        throw new TraceFormatException(name, line, "hash_ids[" + i + "]", "must be a whole number from "
                                + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", was " + io.fleetwise.planner.ingest.InputText.quote(h));
                    }
                    ids[i] = h.asInt();
                }
            }
            c.add(line, Math.round(ms * 1_000_000.0), tokens(name, line, n, "input_length"),
                    tokens(name, line, n, "output_length"), ids);
        });
        c.hashBlockTokens = 512;
        return c.build(fromS, toS);
    }

    /**
     * JSONL with StartTimeOffset, ContextTokens, GeneratedTokens. StartTimeOffset is integer nanoseconds; a file
     * whose offsets have fractions (0.523) gives them in seconds, and then every offset of the file is read as
     * seconds (the report says so) rather than cut to whole nanoseconds.
     */
    public static RequestTrace offsetJsonl(Path file, double fromS, double toS) throws IOException {
        String name = file.getFileName().toString();
        Collector c = new Collector(name, false);
        double[][] raw = {new double[1024]};
        boolean[] seconds = {false};
        long[] firstFractionLine = {0};
        readJsonLines(file, (line, n) -> {
            JsonNode v = n.get("StartTimeOffset");
            if (v == null || !v.isNumber()) {
                throw new TraceFormatException(name, line, "StartTimeOffset", v == null ? "missing" : "not a number: "
                        + io.fleetwise.planner.ingest.InputText.quote(v));
            }
            double d = v.asDouble();
            if (!Double.isFinite(d) || Math.abs(d) > 9.0e18) {
                throw new TraceFormatException(name, line, "StartTimeOffset", d + " is out of range");
            }
            if (!v.isIntegralNumber() && d != Math.rint(d) && !seconds[0]) {
                seconds[0] = true;
                firstFractionLine[0] = line;
            }
            if (c.n == raw[0].length) {
                raw[0] = Arrays.copyOf(raw[0], c.n * 2);
            }
            raw[0][c.n] = d;
            c.add(line, v.isIntegralNumber() && v.canConvertToLong() ? v.asLong() : Math.round(d),
                    tokens(name, line, n, "ContextTokens"), tokens(name, line, n, "GeneratedTokens"), null);
        });
        if (seconds[0]) {
            for (int i = 0; i < c.n; i++) {
                if (Math.abs(raw[0][i]) > 9.0e9) {
                    throw new TraceFormatException(name, firstFractionLine[0], "StartTimeOffset", "offsets with fractions are "
                            + "seconds, but " + raw[0][i] + " s is out of range; allowed up to 9e9 s");
                }
                c.t[i] = Math.round(raw[0][i] * 1e9);
            }
            c.report.repaired("StartTimeOffset values with fractions: the file's offsets read as seconds, not nanoseconds",
                    "line " + firstFractionLine[0]);
        }
        return c.build(fromS, toS);
    }

    /** One data row of a trace file and the line it stands on, for messages that name it. */
    private interface RowHandler<T> {
        void row(long line, T row);
    }

    /**
     * Reads CSV rows by header name (a byte-order mark and the names' case are ignored); a missing column is named
     * against line 1, a row with too few fields against its own line.
     */
    private static void readCsv(String name, Reader reader, List<String> columns, RowHandler<CSVRecord> handler)
            throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setIgnoreHeaderCase(true).setAllowMissingColumnNames(true).get();
        long line = 1;
        try (CSVParser parser = CSVParser.parse(skipByteOrderMark(reader), format)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new TraceFormatException(name, 1, "header", "empty file; expected the columns " + columns);
            }
            for (String column : columns) {
                if (header.stream().noneMatch(h -> h.trim().equalsIgnoreCase(column))) {
                    throw new TraceFormatException(name, 1, column, "column missing from header " + header);
                }
            }
            for (CSVRecord record : parser) {
                // the parser counts line ends read so far; a last line without one has not been counted yet
                line = Math.max(line + 1, parser.getCurrentLineNumber());
                if (!record.isConsistent()) {
                    throw new TraceFormatException(name, line, null, "expected " + header.size() + " columns, got "
                            + record.size());
                }
                try {
                    handler.row(line, record);
                } catch (TraceFormatException e) {
                    throw e;
                } catch (IllegalArgumentException | IllegalStateException e) {
                    // commons-csv: a header that names a column twice maps it past the row's end
                    throw new TraceFormatException(name, line, null, "cannot read the row by its header " + header
                            + ": " + e.getMessage());
                }
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof StrictUtf8Reader.MalformedUtf8Exception bad) {
                throw notUtf8(name, bad);
            }
            throw new TraceFormatException(name, 0, null, "malformed CSV: " + e.getMessage());
        } catch (StrictUtf8Reader.MalformedUtf8Exception e) {
            throw notUtf8(name, e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw io.fleetwise.planner.ingest.InputFiles.readFailure(name, e);
        } catch (IOException e) {
            // commons-csv reports a broken quote as an IOException that names its own line and position
            throw new TraceFormatException(name, 0, null, "malformed CSV: " + e.getMessage());
        }
    }

    /** The line of the first byte that is not UTF-8, however far ahead the reader decoded. */
    private static TraceFormatException notUtf8(String name, StrictUtf8Reader.MalformedUtf8Exception e) {
        return new TraceFormatException(name, e.line(), null, e.problem());
    }

    private static Reader skipByteOrderMark(Reader reader) throws IOException {
        PushbackReader pushback = new PushbackReader(reader, 1);
        int first = pushback.read();
        if (first != -1 && first != '\uFEFF') {
            pushback.unread(first);
        }
        return pushback;
    }

    private static void readJsonLines(Path file, RowHandler<JsonNode> handler) throws IOException {
        String name = file.getFileName().toString();
        long line = 0;
        try (BufferedReader r = new BufferedReader(new StrictUtf8Reader(Files.newInputStream(file)))) {
            String text;
            while ((text = r.readLine()) != null) {
                line++;
                if (text.length() > MAX_LINE_CHARS) {
                    throw new TraceFormatException(name, line, null, "line of " + text.length() + " characters; allowed "
                            + MAX_LINE_CHARS);
                }
                if (!text.isBlank()) {
                    handler.row(line, json(name, line, text));
                }
            }
        } catch (StrictUtf8Reader.MalformedUtf8Exception e) {
            throw notUtf8(name, e);
        }
    }

    /**
     * Picks the reader from the name and first line: .csv with TIMESTAMP -> Azure, .csv otherwise -> BurstGPT;
     * .jsonl with "hash_ids"/"input_length" -> Mooncake, else StartTimeOffset JSONL.
     */
    public static RequestTrace read(Path file, double fromS, double toS) throws IOException {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        io.fleetwise.planner.ingest.InputFiles.requireRegularFile(file, "Trace file", Long.MAX_VALUE);
        String first;
        // lenient decoding: only the first line picks the reader, which then names the line of any bad byte
        try (Reader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            char[] head = new char[MAX_LINE_CHARS];
            int got = r.read(head);
            first = got <= 0 ? "" : new String(head, 0, got).lines().findFirst().orElse("");
        }
        first = first == null ? "" : first;
        if (lower.endsWith(".csv")) {
            return first.replace("\uFEFF", "").startsWith("TIMESTAMP") ? azureCsv(file, fromS, toS) : burstGptCsv(file, fromS, toS);
        }
        if (first.contains("input_length")) {
            return mooncakeJsonl(file, fromS, toS);
        }
        if (first.contains("StartTimeOffset")) {
            return offsetJsonl(file, fromS, toS);
        }
        throw new TraceFormatException(file.getFileName().toString(), 1, null,
                "unknown trace format. Maybe use an Azure/BurstGPT .csv, a Mooncake .jsonl or a StartTimeOffset .jsonl");
    }

    /** Longest line of a JSONL trace (a Mooncake line with thousands of hash ids is well below). */
    private static final int MAX_LINE_CHARS = 1 << 20;

    private static JsonNode json(String file, long line, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new TraceFormatException(file, line, null, "each line must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new TraceFormatException(file, line, null, "not JSON: "
                    + io.fleetwise.planner.ingest.InputText.clip(String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
    }

    private static double doubleNode(String file, long line, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new TraceFormatException(file, line, field, v == null ? "missing" : "not a number: "
                    + io.fleetwise.planner.ingest.InputText.quote(v));
        }
        return v.asDouble();
    }

    /** A token count: an exact whole number from 1 to {@link io.fleetwise.planner.ingest.InputLimits#MAX_TOKENS}. */
    private static int tokens(String file, long line, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new TraceFormatException(file, line, field, v == null ? "missing" : "not a number: "
                    + io.fleetwise.planner.ingest.InputText.quote(v));
        }
        double d = v.asDouble();
        if (!v.isIntegralNumber() && d != Math.rint(d)) {
            throw new TraceFormatException(file, line, field, "must be a whole number of tokens, was " + v);
        }
        if (!v.canConvertToLong() || v.asLong() < 1 || v.asLong() > io.fleetwise.planner.ingest.InputLimits.MAX_TOKENS) {
            throw new TraceFormatException(file, line, field, "must be from 1 to " + io.fleetwise.planner.ingest.InputLimits.MAX_TOKENS
                    + " tokens, was " + io.fleetwise.planner.ingest.InputText.quote(v));
        }
        return (int) v.asLong();
    }

    private static long longNode(String file, long line, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new TraceFormatException(file, line, field, v == null ? "missing" : "not a number: " + v);
        }
        return v.asLong();
    }

    private static int intField(String file, long line, String field, String text) {
        int v = intFieldAllowZero(file, line, field, text);
        if (v < 1) {
            throw new TraceFormatException(file, line, field, "must be >= 1, was " + v);
        }
        return v;
    }

    private static int intFieldAllowZero(String file, long line, String field, String text) {
        double d;
        try {
            d = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new TraceFormatException(file, line, field, "not a number: " + io.fleetwise.planner.ingest.InputText.quote(text));
        }
        if (!Double.isFinite(d) || d != Math.rint(d) || d < 0 || d > io.fleetwise.planner.ingest.InputLimits.MAX_TOKENS) {
            // exact: 4294967297 tokens is refused, never wrapped to 1; 12.7 tokens is not rounded to 13
            throw new TraceFormatException(file, line, field, "must be a whole number from 0 to "
                    + io.fleetwise.planner.ingest.InputLimits.MAX_TOKENS + ", was " + io.fleetwise.planner.ingest.InputText.quote(text.trim()));
        }
        return (int) d;
    }

    private static double doubleField(String file, long line, String field, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new TraceFormatException(file, line, field, "not a number: " + io.fleetwise.planner.ingest.InputText.quote(text));
        }
    }

    /** Growable primitive columns. */
    private static final class Collector {
        final String name;
        long[] t = new long[1024];
        int[] in = new int[1024];
        int[] out = new int[1024];
        int[][] hashes;
        int n;
        int hashBlockTokens;
        final io.fleetwise.planner.ingest.ImportReport.Builder report = new io.fleetwise.planner.ingest.ImportReport.Builder();

        Collector(String name, boolean withHashes) {
            this.name = name;
            this.hashes = withHashes ? new int[1024][] : null;
        }

        void add(long line, long timeNs, int input, int output, int[] ids) {
            if (input < 1 || output < 1) {
                throw new TraceFormatException(name, line, input < 1 ? "input tokens" : "output tokens", "must be >= 1");
            }
            if (n == io.fleetwise.planner.ingest.InputLimits.MAX_REQUESTS) {
                throw new TraceFormatException(name, line, null, "more than " + io.fleetwise.planner.ingest.InputLimits.MAX_REQUESTS
                        + " requests; use --from-s/--to-s on a shorter part of the trace");
            }
            if (n == t.length) {
                t = Arrays.copyOf(t, n * 2);
                in = Arrays.copyOf(in, n * 2);
                out = Arrays.copyOf(out, n * 2);
                if (hashes != null) {
                    hashes = Arrays.copyOf(hashes, n * 2);
                }
            }
            t[n] = timeNs;
            in[n] = input;
            out[n] = output;
            if (hashes != null) {
                hashes[n] = ids;
            }
            n++;
        }

        RequestTrace build(double fromS, double toS) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(t[a], t[b])); // stable: rows are not guaranteed sorted
            long t0 = n == 0 ? 0 : t[order[0]];
            long from = fromS <= 0 ? Long.MIN_VALUE : (long) (fromS * 1e9);
            long to = toS == ALL ? Long.MAX_VALUE : (long) (toS * 1e9);
            int kept = 0;
            long[] kt = new long[n];
            int[] ki = new int[n];
            int[] ko = new int[n];
            int[][] kh = hashes == null ? null : new int[n][];
            long base = Long.MIN_VALUE;
            long outside = 0;
            for (int j = 0; j < n; j++) {
                int i = order[j];
                long rel = t[i] - t0;
                if (rel < from || rel >= to) {
                    outside++;
                    continue;
                }
                if (base == Long.MIN_VALUE) {
                    base = rel;
                }
                kt[kept] = rel - base;
                ki[kept] = in[i];
                ko[kept] = out[i];
                if (kh != null) {
                    kh[kept] = hashes[i];
                }
                kept++;
            }
            // requests outside the --from-s/--to-s window were asked to be left out: counted, not an error
            report.accept(kept).skipped("requests outside the chosen time window", null, outside);
            return new RequestTrace(name, Arrays.copyOf(kt, kept), Arrays.copyOf(ki, kept), Arrays.copyOf(ko, kept),
                    kh == null ? null : Arrays.copyOf(kh, kept), hashBlockTokens).withImportReport(report.build());
        }
    }

    /** The Azure 2023 traces shipped in this jar (CC-BY 4.0; attribution in workload/AZURE-2023-SOURCE.md). */
    public static RequestTrace builtInAzure2023(String which) {
        String file;
        switch (which.trim().toLowerCase(Locale.ROOT)) {
            case "code": file = "AzureLLMInferenceTrace_code.csv"; break;
            case "conv": case "conversation": file = "AzureLLMInferenceTrace_conv.csv"; break;
            default:
                throw new IllegalArgumentException("Unknown built-in Azure 2023 trace '" + which + "'. Use code or conv.");
        }
        try (InputStream in = TraceReaders.class.getResourceAsStream("/io/fleetwise/planner/workload/" + file)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + file);
            }
            return azureCsv("azure2023-" + which, in, 0, ALL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Attribution text to show wherever the built-in Azure traces are used. */
    public static String azure2023Attribution() {
        return "Azure LLM inference trace 2023 (Azure Public Dataset, CC-BY 4.0): Patel et al., \"Splitwise: Efficient "
                + "generative LLM inference using phase splitting\", ISCA 2024.";
    }
}
