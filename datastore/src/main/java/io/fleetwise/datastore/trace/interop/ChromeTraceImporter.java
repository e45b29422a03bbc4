package io.fleetwise.datastore.trace.interop;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.datastore.trace.TraceFormatException;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TraceWriter;
import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.planner.ingest.ImportReport;
import io.fleetwise.planner.ingest.InputText;
import io.fleetwise.planner.progress.ProgressListener;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Streams a Chrome Trace Event JSON file (object form {"traceEvents":[...]} or bare array, plain or gzipped)
 * into the store with Jackson's streaming parser: memory stays bounded by open B/b events and pending flows.
 * Stores X, B/E, b/e (and legacy S/F), i/I, C, s/t/f and process/thread name metadata; other phases are
 * counted as skipped. A malformed file is rejected with the line and column Jackson reports and the field
 * at fault, and nothing of it is stored. The whole stream is read, so a gzip file's CRC trailer is checked before
 * anything is committed. Events that are not stored are counted with their reason and first lines in the
 * {@link ImportReport}; slices that cross the end of the slice they start in are kept (see
 * {@link TraceWriter#REPAIRED_NESTING}).
 */
public final class ChromeTraceImporter {
    // The source stays open at the end of the JSON so the rest (a gzip trailer) can still be read and checked.
    private static final JsonFactory JSON = new ObjectMapper(JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE).build()).getFactory();

    private final TraceStore store;

    public ChromeTraceImporter(TraceStore store) {
        this.store = store;
    }

    public ImportResult importFile(Path file, String name, Long studyId, ProgressListener listener)
            throws IOException, TraceFormatException {
        requireRegularFile(file);
        long size = Math.max(1, Files.size(file));
        try (CountingStream counting = new CountingStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            InputStream in = counting;
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            return importStream(in, file.getFileName().toString(), name, studyId, listener,
                    () -> counting.count / (double) size);
        } catch (java.io.CharConversionException e) {
            // Jackson guesses UTF-16/32 from the first bytes; a trace is UTF-8 text
            throw new TraceFormatException(file.getFileName().toString() + ": not UTF-8 JSON text ("
                    + io.fleetwise.planner.ingest.InputText.clip(e.getMessage()) + ")", e);
        } catch (java.util.zip.ZipException | java.io.EOFException | java.nio.charset.CharacterCodingException e) {
            // a damaged gzip stream (header, data or CRC trailer) or a cut file: the user's file, not a defect
            throw new TraceFormatException(io.fleetwise.planner.ingest.InputFiles.readFailure(file.getFileName().toString(), e)
                    .getMessage(), e);
        }
    }

    /** A directory, a device such as /dev/zero or a fifo is refused before a byte is read. */
    static void requireRegularFile(Path file) throws TraceFormatException {
        try {
            io.fleetwise.planner.ingest.InputFiles.requireRegularFile(file, "Trace file", Long.MAX_VALUE);
        } catch (io.fleetwise.planner.ingest.InputException e) {
            throw new TraceFormatException(e.getMessage(), e);
        }
    }

    interface Fraction {
        double get();
    }

    ImportResult importStream(InputStream in, String fileLabel, String name, Long studyId, ProgressListener listener,
                              Fraction fraction) throws IOException, TraceFormatException {
        try (JsonParser p = JSON.createParser(in);
             TraceWriter w = store.beginTrace(name, studyId, "chrome-json:" + fileLabel, listener)) {
            Session s = new Session(w, p, fileLabel);
            try {
                JsonToken first = p.nextToken();
                if (first == JsonToken.START_OBJECT) {
                    boolean found = false;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if (field.equals("traceEvents")) {
                            if (v != JsonToken.START_ARRAY) {
                                throw s.error("field 'traceEvents' must be an array");
                            }
                            s.readEvents(false, listener, fraction);
                            found = true;
                        } else {
                            p.skipChildren();
                        }
                    }
                    if (!found) {
                        throw s.error("the top-level object has no 'traceEvents' array");
                    }
                } else if (first == JsonToken.START_ARRAY) {
                    s.readEvents(true, listener, fraction);
                } else {
                    throw s.error("expected a JSON object with 'traceEvents' or an array of events");
                }
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                throw new TraceFormatException(fileLabel + " line " + (at == null ? "?" : at.getLineNr()) + " column "
                        + (at == null ? "?" : at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
            }
            drainToEnd(in);
            s.finish();
            listener.progress(0.97, "Building summaries");
            TraceInfo info = w.commit(s.report);
            listener.progress(1.0, "Imported " + info.eventCount() + " events");
            return new ImportResult(info, info.importReport());
        }
    }

    /** Reads to the very end, so a gzip stream verifies its CRC and length trailer: a corrupted value must not import. */
    private static void drainToEnd(InputStream in) throws IOException {
        in.transferTo(java.io.OutputStream.nullOutputStream());
    }

    /** Mutable state of one import: tracks by pid/tid, open B and b events, open flows. */
    private static final class Session {
        final TraceWriter w;
        final JsonParser p;
        final String file;
        final Map<String, Long> processes = new HashMap<>();
        final Map<String, Long> tracks = new HashMap<>();
        final Map<String, String> threadNames = new HashMap<>();
        final Map<String, Integer> sortIndexes = new HashMap<>();
        final Map<Long, Deque<Open>> openSync = new HashMap<>();
        final Map<String, Deque<Open>> openAsync = new HashMap<>();
        final Map<String, FlowEnd> openFlows = new HashMap<>();
        final java.util.List<FlowEnd[]> flows = new java.util.ArrayList<>();
        long nextSyntheticPid = 1L << 40;
        String lastPid;
        String lastTid;
        long lastThread;
        final ImportReport.Builder report = new ImportReport.Builder();
        long maxTsNs = Long.MIN_VALUE;
        // Fields of the current event; reset per event.
        String ph;
        String evName;
        String cat;
        String pid;
        String tid;
        String id;
        String bp;
        String scope;
        Long tsNs;
        Long durNs;
        JsonNode args;
        int line;
        int column;

        Session(TraceWriter w, JsonParser p, String file) {
            this.w = w;
            this.p = p;
            this.file = file;
        }

        void readEvents(boolean bareArray, ProgressListener listener, Fraction fraction) throws IOException, TraceFormatException {
            long n = 0;
            while (true) {
                JsonToken t;
                try {
                    t = p.nextToken();
                } catch (JsonParseException eof) {
                    if (bareArray && (eof instanceof JsonEOFException || String.valueOf(eof.getOriginalMessage()).contains("end-of-input"))) {
                        return; // the spec allows a bare array to lack its closing bracket
                    }
                    throw eof;
                }
                if (t == null && bareArray) {
                    return;
                }
                if (t == JsonToken.END_ARRAY) {
                    return;
                }
                if (t != JsonToken.START_OBJECT) {
                    throw error("each trace event must be a JSON object, found " + t);
                }
                readEvent();
                store();
                if ((++n & 0x3FFF) == 0) {
                    listener.progress(Math.min(0.95, fraction.get() * 0.95), "Read " + n + " events");
                }
            }
        }

        private void readEvent() throws IOException, TraceFormatException {
            JsonLocation start = p.currentTokenLocation();
            line = start.getLineNr();
            column = start.getColumnNr();
            ph = null;
            evName = null;
            cat = null;
            pid = null;
            tid = null;
            id = null;
            bp = null;
            scope = null;
            tsNs = null;
            durNs = null;
            args = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "ph" -> ph = text(field, v);
                    case "name" -> evName = text(field, v);
                    case "cat" -> cat = text(field, v);
                    case "pid" -> pid = idText(field, v);
                    case "tid" -> tid = idText(field, v);
                    case "id" -> id = idText(field, v);
                    case "bp" -> bp = text(field, v);
                    case "s" -> scope = text(field, v);
                    case "ts" -> tsNs = micros(field, v);
                    case "dur" -> durNs = micros(field, v);
                    case "args" -> {
                        if (v != JsonToken.START_OBJECT) {
                            throw fieldError(field, "must be an object");
                        }
                        args = p.readValueAsTree();
                    }
                    default -> p.skipChildren();
                }
            }
            if (ph == null || ph.isEmpty()) {
                throw fieldError("ph", "is missing");
            }
        }

        private void store() throws TraceFormatException {
            switch (ph) {
                case "X" -> {
                    long ts = requireTs();
                    if (durNs == null) {
                        throw fieldError("dur", "is missing for a complete ('X') event");
                    }
                    if (durNs < 0) {
                        throw fieldError("dur", "is negative (" + durNs + " ns); allowed 0 or more");
                    }
                    if (ts > Long.MAX_VALUE - durNs) {
                        throw fieldError("dur", "ends after the largest time a trace can hold (ts + dur > 9.2e15 us)");
                    }
                    w.slice(thread(pid, tid), ts, durNs, nameOr(""), cat, argsText());
                    seen(ts + durNs);
                }
                case "B" -> {
                    long track = thread(pid, tid);
                    openSync.computeIfAbsent(track, k -> new ArrayDeque<>()).push(new Open(requireTs(), nameOr(""), cat, argsText(), track, line));
                }
                case "E" -> {
                    long track = thread(pid, tid);
                    long ts = requireTs();
                    Deque<Open> stack = openSync.get(track);
                    if (stack == null || stack.isEmpty()) {
                        throw fieldError("ph", "'E' has no matching 'B' on pid " + pid + " tid " + tid);
                    }
                    Open o = stack.pop();
                    if (ts < o.tsNs) {
                        throw fieldError("ts", "'E' at " + ts + " ns is before its 'B' at " + o.tsNs + " ns");
                    }
                    w.slice(track, o.tsNs, ts - o.tsNs, o.name, o.cat, o.args != null ? o.args : argsText());
                }
                case "b", "S" -> {
                    long track = async(pid, tid);
                    openAsync.computeIfAbsent(asyncKey(), k -> new ArrayDeque<>()).push(new Open(requireTs(), nameOr(""), cat, argsText(), track, line));
                }
                case "e", "F" -> {
                    long ts = requireTs();
                    Deque<Open> stack = openAsync.get(asyncKey());
                    if (stack == null || stack.isEmpty()) {
                        throw fieldError("id", "'" + ph + "' event with id " + id + " and cat " + cat + " has no matching begin");
                    }
                    Open o = stack.pop();
                    if (ts < o.tsNs) {
                        throw fieldError("ts", "async end at " + ts + " ns is before its begin at " + o.tsNs + " ns");
                    }
                    w.slice(o.track, o.tsNs, ts - o.tsNs, o.name, o.cat, o.args);
                }
                case "i", "I", "R" -> {
                    long ts = requireTs();
                    long track = "p".equals(scope) || "g".equals(scope) ? process(pid == null ? "0" : pid) : thread(pid, tid);
                    w.instant(track, ts, nameOr(""), cat, argsText());
                    seen(ts);
                }
                case "C" -> {
                    long ts = requireTs();
                    if (args == null) {
                        throw fieldError("args", "is missing for a counter ('C') event");
                    }
                    Iterator<Map.Entry<String, JsonNode>> it = args.fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (!e.getValue().isNumber()) {
                            throw fieldError("args." + InputText.clip(e.getKey()), "counter value must be a number, was "
                                    + InputText.quote(e.getValue()));
                        }
                        String series = e.getKey().equals("value") ? nameOr("counter") : nameOr("counter") + " " + e.getKey();
                        w.counter(counter(pid, series), ts, e.getValue().doubleValue());
                    }
                    seen(ts);
                }
                case "s", "t", "f" -> {
                    long ts = requireTs();
                    String[] track = {pid == null ? "0" : pid, tid == null ? "0" : tid};
                    String key = (cat == null ? "" : cat) + "|" + id;
                    if (id == null) {
                        throw fieldError("id", "is missing for a flow ('" + ph + "') event");
                    }
                    boolean linked = false;
                    if (!ph.equals("s")) {
                        FlowEnd from = openFlows.remove(key);
                        linked = from != null;
                        if (from != null) {
                            // Chrome: an 'f' binds to the next slice unless "bp":"e" asks for the enclosing one
                            boolean next = ph.equals("f") && !"e".equals(bp);
                            flows.add(new FlowEnd[] {from, new FlowEnd(track[0], track[1], ts, nameOr("flow"), cat, next, line, true)});
                        } else {
                            report.skipped("flow steps or ends ('t'/'f') without a start ('s')", place());
                        }
                    }
                    if (!ph.equals("f")) {
                        // a 't' that continued a flow has been stored; only an unanswered 's' is lost at the end
                        openFlows.put(key, new FlowEnd(track[0], track[1], ts, nameOr("flow"), cat, false, line, linked));
                    }
                }
                case "M" -> metadata();
                default -> report.skipped("events of phase '" + InputText.clip(ph.length() > 8 ? ph.substring(0, 8) : ph)
                        + "' (not stored by Fleetwise)", place());
            }
        }

        private void metadata() {
            String value = args != null && args.has("name") ? args.get("name").asText() : null;
            if (value == null && !String.valueOf(evName).endsWith("_sort_index")) {
                report.skipped("metadata ('M') events without args.name", place());
                return;
            }
            if ("process_name".equals(evName)) {
                w.renameTrack(process(pid == null ? "0" : pid), value);
            } else if ("thread_name".equals(evName)) {
                // Named before or after its events; only tracks that have events exist.
                String key = (pid == null ? "0" : pid) + "|" + (tid == null ? "0" : tid);
                threadNames.put(key, value);
                for (String kind : new String[] {"T|", "A|"}) {
                    Long track = tracks.get(kind + key);
                    if (track != null) {
                        w.renameTrack(track, value);
                    }
                }
            } else if ("process_sort_index".equals(evName) || "thread_sort_index".equals(evName)) {
                JsonNode index = args != null ? args.get("sort_index") : null;
                if (index == null || !index.canConvertToInt()) {
                    report.skipped("sort_index metadata without a whole args.sort_index", place());
                    return;
                }
                // applied at the end: the tracks it orders may not exist yet
                sortIndexes.put(("process_sort_index".equals(evName) ? "P|" + (pid == null ? "0" : pid)
                        : (pid == null ? "0" : pid) + "|" + (tid == null ? "0" : tid)), index.asInt());
            } else {
                report.skipped("metadata ('M') events other than process_name, thread_name and sort_index", place());
            }
        }

        String place() {
            return "line " + line;
        }

        void finish() {
            sortIndexes.forEach((key, index) -> {
                if (key.startsWith("P|")) {
                    Long process = processes.get(key.substring(2));
                    if (process != null) {
                        w.sortTrack(process, index);
                    }
                } else {
                    for (String kind : new String[] {"T|", "A|"}) {
                        Long track = tracks.get(kind + key);
                        if (track != null) {
                            w.sortTrack(track, index);
                        }
                    }
                }
            });
            // Flow ends bind to a thread track of their pid/tid, or to its async track when only that exists.
            for (FlowEnd[] f : flows) {
                Long from = flowTrack(f[0]);
                Long to = flowTrack(f[1]);
                if (from != null && to != null) {
                    w.flowByTime(from, f[0].tsNs(), to, f[1].tsNs(), f[1].nextSlice(), f[0].name(), f[0].cat());
                } else {
                    report.skipped("flow events on a pid/tid that has no slices", "line " + f[1].line());
                }
            }
            for (FlowEnd open : openFlows.values()) {
                if (!open.terminal()) {
                    report.skipped("flow starts ('s'/'t') that no 'f' event ends", "line " + open.line());
                }
            }
            // B or b events never closed (a crashed writer): end them at the last timestamp seen.
            for (Deque<Open> stack : openSync.values()) {
                for (Open o : stack) {
                    w.slice(o.track, o.tsNs, Math.max(0, maxTsNs - o.tsNs), o.name, o.cat, o.args);
                    report.repaired("begin events ('B') never ended: ended at the last time in the trace", "line " + o.line);
                }
            }
            for (Deque<Open> stack : openAsync.values()) {
                for (Open o : stack) {
                    w.slice(o.track, o.tsNs, Math.max(0, maxTsNs - o.tsNs), o.name, o.cat, o.args);
                    report.repaired("async begin events ('b') never ended: ended at the last time in the trace", "line " + o.line);
                }
            }
        }

        private Long flowTrack(FlowEnd end) {
            Long thread = tracks.get("T|" + end.pid() + "|" + end.tid());
            return thread != null ? thread : tracks.get("A|" + end.pid() + "|" + end.tid());
        }

        private long process(String pidText) {
            Long id = processes.get(pidText);
            if (id == null) {
                long numeric = parseOr(pidText);
                id = w.process("Process " + pidText, numeric);
                processes.put(pidText, id);
            }
            return id;
        }

        private long thread(String pidText, String tidText) {
            String p0 = pidText == null ? "0" : pidText;
            String t0 = tidText == null ? "0" : tidText;
            if (p0.equals(lastPid) && t0.equals(lastTid)) {
                return lastThread;
            }
            String key = "T|" + p0 + "|" + t0;
            Long id = tracks.get(key);
            if (id == null) {
                id = w.track(process(p0), TrackKind.THREAD, threadNames.getOrDefault(p0 + "|" + t0, "Thread " + t0), parseOr(t0));
                tracks.put(key, id);
            }
            lastPid = p0;
            lastTid = t0;
            lastThread = id;
            return id;
        }

        private long async(String pidText, String tidText) {
            String p0 = pidText == null ? "0" : pidText;
            String t0 = tidText == null ? "0" : tidText;
            String key = "A|" + p0 + "|" + t0;
            Long id = tracks.get(key);
            if (id == null) {
                id = w.track(process(p0), TrackKind.ASYNC, threadNames.getOrDefault(p0 + "|" + t0, "Async " + t0), parseOr(t0));
                tracks.put(key, id);
            }
            return id;
        }

        private long counter(String pidText, String series) {
            String p0 = pidText == null ? "0" : pidText;
            String key = "C|" + p0 + "|" + series;
            Long id = tracks.get(key);
            if (id == null) {
                id = w.track(process(p0), TrackKind.COUNTER, series, 0);
                tracks.put(key, id);
            }
            return id;
        }

        private String asyncKey() {
            return pid + "|" + cat + "|" + id;
        }

        private long parseOr(String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return nextSyntheticPid++;
            }
        }

        private long requireTs() throws TraceFormatException {
            if (tsNs == null) {
                throw fieldError("ts", "is missing for a '" + ph + "' event");
            }
            seen(tsNs);
            return tsNs;
        }

        private void seen(long ts) {
            maxTsNs = Math.max(maxTsNs, ts);
        }

        private String nameOr(String fallback) {
            return evName == null ? fallback : evName;
        }

        private String argsText() {
            return args == null || args.isEmpty() ? null : args.toString();
        }

        private String text(String field, JsonToken v) throws IOException, TraceFormatException {
            if (v != JsonToken.VALUE_STRING) {
                throw fieldError(field, "must be a string, was " + v);
            }
            return p.getText();
        }

        private String idText(String field, JsonToken v) throws IOException, TraceFormatException {
            if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (v == JsonToken.VALUE_NUMBER_FLOAT) {
                double d = p.getDoubleValue();
                // a fractional or huge id is kept as written rather than cut to another, existing id
                return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? Long.toString((long) d) : p.getText();
            }
            throw fieldError(field, "must be a number or a string, was " + v);
        }

        private long micros(String field, JsonToken v) throws IOException, TraceFormatException {
            try {
                if (v == JsonToken.VALUE_NUMBER_INT) {
                    return Math.multiplyExact(p.getLongValue(), 1000L);
                }
                if (v == JsonToken.VALUE_NUMBER_FLOAT) {
                    double us = p.getDoubleValue();
                    // Below 2^53 ns a double times 1000 rounds to the exact nanosecond; beyond, parse the decimal.
                    if (Math.abs(us) < 9.0e12) {
                        return Math.round(us * 1000.0);
                    }
                    if (!Double.isFinite(us) || Math.abs(us) > 9.2e15) {
                        throw new ArithmeticException("out of range");
                    }
                    return p.getDecimalValue().movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
                }
            } catch (ArithmeticException | com.fasterxml.jackson.core.exc.InputCoercionException e) {
                throw fieldError(field, "is out of range (" + InputText.clip(p.getText().length() > 40 ? p.getText().substring(0, 40) + "…" : p.getText())
                        + " us); allowed -9.2e15 to 9.2e15 microseconds");
            }
            throw fieldError(field, "must be a number of microseconds, was " + (v == JsonToken.VALUE_STRING ? InputText.quote(p.getText()) : v));
        }

        TraceFormatException fieldError(String field, String problem) {
            return new TraceFormatException(file + " line " + line + " column " + column + ": event field '" + field + "' "
                    + problem + (ph != null ? " (ph '" + ph + "')" : ""));
        }

        TraceFormatException error(String problem) {
            JsonLocation at = p.currentLocation();
            return new TraceFormatException(file + " line " + at.getLineNr() + " column " + at.getColumnNr() + ": " + problem);
        }
    }

    private record FlowEnd(String pid, String tid, long tsNs, String name, String cat, boolean nextSlice, int line,
                           boolean terminal) {
    }

    private record Open(long tsNs, String name, String cat, String args, long track, int line) {
    }

    private static final class CountingStream extends FilterInputStream {
        long count;
        private long markCount;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public synchronized void mark(int readlimit) {
            super.mark(readlimit);
            markCount = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            count = markCount;
        }
    }
}
