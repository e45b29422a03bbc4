package io.fleetwise.datastore.trace.interop;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fleetwise.datastore.trace.FlowRow;
import io.fleetwise.datastore.trace.SliceRow;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TrackInfo;
import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.planner.progress.ProgressListener;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a stored trace as Chrome Trace Event JSON (object form) that Perfetto UI and chrome://tracing open:
 * process/thread names as 'M' events; slices of thread tracks as 'X' events in (start, longest first) order,
 * each on the thread it was imported on, including a slice that crosses the end of the slice it starts in
 * (Perfetto's trace processor keeps such a slice on an overflow track of the thread, and re-import here keeps it
 * on its thread, so the round trip is exact); async tracks
 * as 'b'/'e' pairs (one id per slice, so overlapping request lifetimes are allowed); counters as 'C';
 * flows as 's' at the source slice's start and 'f' with "bp":"e" at the target slice's start.
 * Timestamps are microseconds with three decimals, so nanoseconds survive the round trip.
 */
public final class ChromeTraceExporter {
    private static final JsonFactory JSON = new JsonFactory();

    private final TraceStore store;

    public ChromeTraceExporter(TraceStore store) {
        this.store = store;
    }

    /** Writes to a file; a name ending in .gz is gzipped. Returns the number of trace events written. */
    public long export(long traceId, Path out, ProgressListener listener) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            long n;
            if (out.getFileName().toString().endsWith(".gz")) {
                try (GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16)) {
                    n = export(traceId, gz, listener);
                }
            } else {
                n = export(traceId, raw, listener);
            }
            raw.close();
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return n;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public long export(long traceId, OutputStream out, ProgressListener listener) throws IOException {
        TraceInfo trace = store.requireTrace(traceId);
        List<TrackInfo> tracks = store.tracks(traceId);
        Map<Long, TrackInfo> byId = new HashMap<>();
        tracks.forEach(t -> byId.put(t.id(), t));
        Map<Long, Long> exportPid = new HashMap<>();
        Map<Long, Long> exportTid = new HashMap<>();
        assignIds(tracks, exportPid, exportTid);

        List<FlowRow> flows = new ArrayList<>();
        store.forEachFlow(traceId, flows::add);
        Set<Long> flowEnds = new HashSet<>();
        for (FlowRow f : flows) {
            flowEnds.add(f.fromSliceId());
            flowEnds.add(f.toSliceId());
        }
        Map<Long, long[]> flowEndTrackAndStart = new HashMap<>();

        JsonGenerator g = JSON.createGenerator(new NonClosingStream(out), JsonEncoding.UTF8);
        long[] count = {0};
        g.writeStartObject();
        g.writeStringField("displayTimeUnit", "ns");
        g.writeObjectFieldStart("otherData");
        g.writeStringField("trace", trace.name());
        g.writeStringField("source", trace.source());
        g.writeStringField("exportedBy", "fleetwise");
        g.writeEndObject();
        g.writeArrayFieldStart("traceEvents");
        for (TrackInfo t : tracks) {
            long pid = exportPid.get(t.id());
            if (t.kind() == TrackKind.PROCESS) {
                metadata(g, "process_name", pid, 0, "name", t.name());
                metadata(g, "process_sort_index", pid, 0, "sort_index", t.sortIndex());
                count[0] += 2;
            } else if (t.kind() != TrackKind.COUNTER) {
                long tid = exportTid.get(t.id());
                metadata(g, "thread_name", pid, tid, "name", t.name());
                metadata(g, "thread_sort_index", pid, tid, "sort_index", t.sortIndex());
                count[0] += 2;
            }
        }
        long total = Math.max(1, trace.eventCount());
        try {
            store.forEachSlice(traceId, s -> {
                try {
                    TrackInfo t = byId.get(s.trackId());
                    long pid = exportPid.get(t.id());
                    long tid = exportTid.get(t.id());
                    if (flowEnds.contains(s.id())) {
                        flowEndTrackAndStart.put(s.id(), new long[] {t.id(), s.startNs()});
                    }
                    if (t.kind() == TrackKind.THREAD) {
                        g.writeStartObject();
                        g.writeStringField("ph", "X");
                        common(g, s.name(), s.category(), pid, tid, s.startNs());
                        g.writeFieldName("dur");
                        g.writeNumber(micros(s.durNs()));
                        args(g, s.argsJson());
                        g.writeEndObject();
                        count[0]++;
                    } else {
                        asyncPair(g, s, pid, tid);
                        count[0] += 2;
                    }
                    tick(listener, count[0], total);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            store.forEachInstant(traceId, i -> {
                try {
                    TrackInfo t = byId.get(i.trackId());
                    g.writeStartObject();
                    g.writeStringField("ph", "i");
                    common(g, i.name(), i.category(), exportPid.get(t.id()), exportTid.get(t.id()), i.tsNs());
                    g.writeStringField("s", t.kind() == TrackKind.PROCESS ? "p" : "t");
                    args(g, i.argsJson());
                    g.writeEndObject();
                    tick(listener, ++count[0], total);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            store.forEachCounter(traceId, c -> {
                try {
                    TrackInfo t = byId.get(c.trackId());
                    g.writeStartObject();
                    g.writeStringField("ph", "C");
                    common(g, t.name(), null, exportPid.get(t.id()), 0, c.tsNs());
                    g.writeObjectFieldStart("args");
                    g.writeNumberField("value", c.value());
                    g.writeEndObject();
                    g.writeEndObject();
                    tick(listener, ++count[0], total);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (FlowRow f : flows) {
            long[] from = flowEndTrackAndStart.get(f.fromSliceId());
            long[] to = flowEndTrackAndStart.get(f.toSliceId());
            flowEvent(g, "s", f, exportPid.get(from[0]), exportTid.get(from[0]), from[1]);
            flowEvent(g, "f", f, exportPid.get(to[0]), exportTid.get(to[0]), to[1]);
            count[0] += 2;
        }
        g.writeEndArray();
        g.writeEndObject();
        g.close();
        listener.progress(1.0, "Exported " + count[0] + " events");
        return count[0];
    }

    private static void tick(ProgressListener listener, long n, long total) {
        if ((n & 0xFFFF) == 0) {
            if (listener.isCancelled()) {
                throw new CancellationException("Export cancelled after " + n + " events");
            }
            listener.progress(Math.min(0.99, n / (double) total), "Exported " + n + " events");
        }
    }

    /** Keeps stored pids/tids where they are unique, since Chrome tools key tracks by them. */
    private static void assignIds(List<TrackInfo> tracks, Map<Long, Long> exportPid, Map<Long, Long> exportTid) {
        Set<Long> usedPids = new HashSet<>();
        for (TrackInfo t : tracks) {
            if (t.parentId() == null) {
                long pid = t.pid();
                while (!usedPids.add(pid)) {
                    pid++;
                }
                exportPid.put(t.id(), pid);
            }
        }
        Map<Long, Set<Long>> usedTids = new HashMap<>();
        for (TrackInfo t : tracks) {
            if (t.parentId() != null) {
                long pid = exportPid.get(t.parentId());
                exportPid.put(t.id(), pid);
                if (t.kind() == TrackKind.COUNTER) {
                    exportTid.put(t.id(), 0L);
                    continue;
                }
                Set<Long> used = usedTids.computeIfAbsent(pid, k -> new HashSet<>());
                long tid = t.tid();
                while (!used.add(tid)) {
                    tid++;
                }
                exportTid.put(t.id(), tid);
            } else {
                exportTid.put(t.id(), 0L);
            }
        }
    }

    private static void asyncPair(JsonGenerator g, SliceRow s, long pid, long tid) throws IOException {
        String id = "0x" + Long.toHexString(s.id());
        g.writeStartObject();
        g.writeStringField("ph", "b");
        common(g, s.name(), s.category(), pid, tid, s.startNs());
        g.writeStringField("id", id);
        args(g, s.argsJson());
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("ph", "e");
        common(g, s.name(), s.category(), pid, tid, s.startNs() + s.durNs());
        g.writeStringField("id", id);
        g.writeEndObject();
    }

    private static void flowEvent(JsonGenerator g, String ph, FlowRow f, long pid, long tid, long tsNs) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", ph);
        common(g, f.name(), f.category() == null ? "flow" : f.category(), pid, tid, tsNs);
        g.writeNumberField("id", f.id());
        if (ph.equals("f")) {
            g.writeStringField("bp", "e");
        }
        g.writeEndObject();
    }

    private static void common(JsonGenerator g, String name, String category, long pid, long tid, long tsNs) throws IOException {
        g.writeStringField("name", name);
        if (category != null) {
            g.writeStringField("cat", category);
        }
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeFieldName("ts");
        g.writeNumber(micros(tsNs));
    }

    private static void args(JsonGenerator g, String argsJson) throws IOException {
        if (argsJson != null && !argsJson.isBlank()) {
            g.writeFieldName("args");
            g.writeRawValue(argsJson);
        }
    }

    private static void metadata(JsonGenerator g, String name, long pid, long tid, String key, Object value) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", "M");
        g.writeStringField("name", name);
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        if (value instanceof Number n) {
            g.writeNumberField(key, n.longValue());
        } else {
            g.writeStringField(key, String.valueOf(value));
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Nanoseconds as a microsecond decimal with exactly three fraction digits. */
    static String micros(long ns) {
        String sign = ns < 0 ? "-" : "";
        long abs = Math.abs(ns);
        long frac = abs % 1000;
        return sign + (abs / 1000) + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
    }

    private static final class NonClosingStream extends java.io.FilterOutputStream {
        NonClosingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
