package io.fleetwise.planner.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        }
    }

    public static RequestTrace azureCsv(String name, InputStream in, double fromS, double toS) throws IOException {
        Collector c = new Collector(name, false);
        readCsv(name, new InputStreamReader(in, StandardCharsets.UTF_8),
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
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            readCsv(name, reader, List.of("Timestamp", "Request tokens", "Response tokens"), (line, row) -> {
                int out = intFieldAllowZero(name, line, "Response tokens", row.get("Response tokens"));
                if (out > 0) {
                    double s = doubleField(name, line, "Timestamp", row.get("Timestamp"));
                    c.add(line, Math.round(s * 1e9), intField(name, line, "Request tokens", row.get("Request tokens")),
                            out, null);
                }
            });
        }
        return c.build(fromS, toS);
    }

    /** Mooncake JSONL: {"timestamp": ms, "input_length", "output_length", "hash_ids": [512-token block ids]}. */
    public static RequestTrace mooncakeJsonl(Path file, double fromS, double toS) throws IOException {
        String name = file.getFileName().toString();
        Collector c = new Collector(name, true);
        readJsonLines(file, (line, n) -> {
            long ms = longNode(name, line, n, "timestamp");
            JsonNode hashes = n.get("hash_ids");
            int[] ids = null;
            if (hashes != null && hashes.isArray()) {
                ids = new int[hashes.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = hashes.get(i).asInt();
                }
            }
            c.add(line, ms * 1_000_000L, (int) longNode(name, line, n, "input_length"),
                    (int) longNode(name, line, n, "output_length"), ids);
        });
        c.hashBlockTokens = 512;
        return c.build(fromS, toS);
    }

    /** JSONL with StartTimeOffset (ns), ContextTokens, GeneratedTokens. */
    public static RequestTrace offsetJsonl(Path file, double fromS, double toS) throws IOException {
        String name = file.getFileName().toString();
        Collector c = new Collector(name, false);
        readJsonLines(file, (line, n) -> c.add(line, longNode(name, line, n, "StartTimeOffset"),
                (int) longNode(name, line, n, "ContextTokens"), (int) longNode(name, line, n, "GeneratedTokens"), null));
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
        Reader withoutBom = skipByteOrderMark(reader);
        try (CSVParser parser = CSVParser.parse(withoutBom, format)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new TraceFormatException(name, 1, "header", "empty file; expected the columns " + columns);
            }
            for (String column : columns) {
                if (header.stream().noneMatch(h -> h.trim().equalsIgnoreCase(column))) {
                    throw new TraceFormatException(name, 1, column, "column missing from header " + header);
                }
            }
            long line = 1;
            for (CSVRecord record : parser) {
                // the parser counts line ends read so far; a last line without one has not been counted yet
                line = Math.max(line + 1, parser.getCurrentLineNumber());
                if (!record.isConsistent()) {
                    throw new TraceFormatException(name, line, null, "expected " + header.size() + " columns, got "
                            + record.size());
                }
                handler.row(line, record);
            }
        } catch (UncheckedIOException e) {
            throw new TraceFormatException(name, 0, null, "malformed CSV: " + e.getMessage());
        }
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
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long line = 0;
            while ((text = r.readLine()) != null) {
                line++;
                if (!text.isBlank()) {
                    handler.row(line, json(name, line, text));
                }
            }
        }
    }

    /**
     * Picks the reader from the name and first line: .csv with TIMESTAMP -> Azure, .csv otherwise -> BurstGPT;
     * .jsonl with "hash_ids"/"input_length" -> Mooncake, else StartTimeOffset JSONL.
     */
    public static RequestTrace read(Path file, double fromS, double toS) throws IOException {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String first;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            first = r.readLine();
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

    private static JsonNode json(String file, long line, String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new TraceFormatException(file, line, null, "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
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
        try {
            int v = (int) Math.round(Double.parseDouble(text.trim()));
            if (v < 0) {
                throw new TraceFormatException(file, line, field, "must be >= 0, was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new TraceFormatException(file, line, field, "not a number: '" + text + "'");
        }
    }

    private static double doubleField(String file, long line, String field, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new TraceFormatException(file, line, field, "not a number: '" + text + "'");
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

        Collector(String name, boolean withHashes) {
            this.name = name;
            this.hashes = withHashes ? new int[1024][] : null;
        }

        void add(long line, long timeNs, int input, int output, int[] ids) {
            if (input < 1 || output < 1) {
                throw new TraceFormatException(name, line, input < 1 ? "input tokens" : "output tokens", "must be >= 1");
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
            for (int j = 0; j < n; j++) {
                int i = order[j];
                long rel = t[i] - t0;
                if (rel < from || rel >= to) {
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
            return new RequestTrace(name, Arrays.copyOf(kt, kept), Arrays.copyOf(ki, kept), Arrays.copyOf(ko, kept),
                    kh == null ? null : Arrays.copyOf(kh, kept), hashBlockTokens);
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
