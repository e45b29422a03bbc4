package io.fleetwise.datastore.trace.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.datastore.trace.CounterRow;
import io.fleetwise.datastore.trace.FlowRow;
import io.fleetwise.datastore.trace.InstantRow;
import io.fleetwise.datastore.trace.SliceRow;
import io.fleetwise.datastore.trace.TraceFormatException;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TraceWriter;
import io.fleetwise.datastore.trace.TrackInfo;
import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChromeTraceRoundTripTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;
    TraceStore store;

    @BeforeEach
    void open() {
        store = TraceStore.open(dir.resolve("traces.db"));
    }

    /** A small simulation-like trace: iterations with kernels, overlapping requests, a counter, flows. */
    private long simulationTrace() {
        try (TraceWriter w = store.beginTrace("sim", 3L, "simulator", ProgressListener.NONE)) {
            long replica = w.process("replica 0 (H100)", 10);
            long requests = w.track(replica, TrackKind.ASYNC, "requests", 500);
            long iterations = w.track(replica, TrackKind.THREAD, "iterations", 1);
            long batch = w.track(replica, TrackKind.COUNTER, "batch size", 0);
            long gpu = w.process("GPU 0", 20);
            long stream = w.track(gpu, TrackKind.THREAD, "stream 7", 7);
            long r1 = w.slice(requests, 1_000, 50_001, "request 1", "request", "{\"input_tokens\":512,\"output_tokens\":20}");
            w.slice(requests, 20_003, 70_000, "request 2", "request", null);
            long it1 = w.slice(iterations, 1_500, 10_250, "prefill", "iteration", "{\"batch\":1}");
            w.slice(iterations, 1_600, 3_001, "schedule", "cpu", null);
            long it2 = w.slice(iterations, 12_000, 8_000, "decode", "iteration", "{\"batch\":2}");
            long k1 = w.slice(stream, 2_000, 7_777, "gemm_fp16", "kernel", "{\"grid\":\"132x1x1\"}");
            w.slice(stream, 12_345, 1_001, "flash_attn", "kernel", null);
            w.instant(iterations, 30_000, "preempt", "sched", "{\"request\":2}");
            w.counter(batch, 1_500, 1);
            w.counter(batch, 12_000, 2.5);
            w.flow(r1, it1, "request->iteration", "flow");
            w.flow(it1, k1, "launch", "ac2g");
            w.flow(r1, it2, "request->iteration", "flow");
            return w.commit().id();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"out.json", "out.json.gz"})
    void exportedTraceReimportsWithTheSameEvents(String fileName) throws Exception {
        long original = simulationTrace();
        Path file = dir.resolve(fileName);
        new ChromeTraceExporter(store).export(original, file, ProgressListener.NONE);

        ImportResult result = new ChromeTraceImporter(store).importFile(file, "reimported", null, ProgressListener.NONE);

        assertThat(result.unresolvedFlows()).as(fileName.endsWith(".gz") ? "" : Files.readString(file)).isZero();
        assertThat(result.trace().eventCount()).isEqualTo(store.requireTrace(original).eventCount());
        assertThat(events(result.trace().id())).isEqualTo(events(original));
        assertThat(tracks(result.trace().id())).isEqualTo(tracks(original));
    }

    @Test
    void exportIsStrictlyNestedPerThreadAndUsesAsyncEventsForRequests() throws Exception {
        long original = simulationTrace();
        Path file = dir.resolve("out.json");
        new ChromeTraceExporter(store).export(original, file, ProgressListener.NONE);
        JsonNode root = MAPPER.readTree(file.toFile());
        List<String> phases = new ArrayList<>();
        root.get("traceEvents").forEach(e -> phases.add(e.get("ph").asText()));
        assertThat(phases).contains("M", "X", "b", "e", "C", "i", "s", "f");
        assertThat(phases.stream().filter("b"::equals).count()).isEqualTo(2);
        JsonNode kernel = null;
        for (JsonNode e : root.get("traceEvents")) {
            if ("gemm_fp16".equals(e.path("name").asText())) {
                kernel = e;
            }
        }
        assertThat(kernel).isNotNull();
        assertThat(kernel.get("ts").decimalValue()).isEqualByComparingTo("2.000");
        assertThat(kernel.get("dur").decimalValue()).isEqualByComparingTo("7.777");
    }

    @Test
    void bareArrayWithoutClosingBracketImports() throws Exception {
        Path file = dir.resolve("crashed.json");
        Files.writeString(file, """
                [{"ph":"M","name":"thread_name","pid":1,"tid":2,"args":{"name":"worker"}},
                 {"ph":"B","name":"outer","pid":1,"tid":2,"ts":1},
                 {"ph":"X","name":"inner","pid":1,"tid":2,"ts":1.5,"dur":0.25},
                 {"ph":"E","pid":1,"tid":2,"ts":3},
                """);
        ImportResult result = new ChromeTraceImporter(store).importFile(file, "crashed", null, ProgressListener.NONE);
        List<SliceRow> rows = new ArrayList<>();
        store.forEachSlice(result.trace().id(), rows::add);
        assertThat(rows).extracting(SliceRow::name).containsExactly("outer", "inner");
        assertThat(rows).extracting(SliceRow::startNs).containsExactly(1000L, 1500L);
        assertThat(rows).extracting(SliceRow::durNs).containsExactly(2000L, 250L);
        assertThat(store.tracks(result.trace().id())).extracting(TrackInfo::name).contains("worker");
    }

    @Test
    void flowEndsBindToTheNextSliceUnlessTheyAskForTheEnclosingOne() throws Exception {
        Path file = dir.resolve("flows.json");
        Files.writeString(file, """
                {"traceEvents":[
                 {"ph":"X","name":"launch","pid":1,"tid":1,"ts":0,"dur":100},
                 {"ph":"X","name":"k1","pid":1,"tid":2,"ts":10,"dur":10},
                 {"ph":"X","name":"k2","pid":1,"tid":2,"ts":40,"dur":10},
                 {"ph":"s","id":1,"name":"default","pid":1,"tid":1,"ts":1},
                 {"ph":"f","id":1,"name":"default","pid":1,"tid":2,"ts":25},
                 {"ph":"s","id":2,"name":"enclosing","pid":1,"tid":1,"ts":2},
                 {"ph":"f","id":2,"bp":"e","name":"enclosing","pid":1,"tid":2,"ts":20}
                ]}
                """);
        ImportResult result = new ChromeTraceImporter(store).importFile(file, "flows", null, ProgressListener.NONE);
        assertThat(events(result.trace().id())).filteredOn(e -> e.startsWith("flow "))
                // 'f' at 25 lies between k1 and k2: Chrome binds it to the next slice, k2;
                // with bp=e at 20, k1 ends there and nothing starts, so k1 (the slice that ends there) is the fallback
                .containsExactlyInAnyOrder("flow default launch@0 -> k2@40000", "flow enclosing launch@0 -> k1@10000");
    }

    @Test
    void eventWithTextTimestampIsRejectedWithLineAndFieldAndStoresNothing() throws Exception {
        long before = simulationTrace();
        Path file = dir.resolve("bad.json");
        Files.writeString(file, """
                {"traceEvents":[
                  {"ph":"X","name":"a","pid":1,"tid":1,"ts":1,"dur":2},
                  {"ph":"X","name":"b","pid":1,"tid":1,"ts":"soon","dur":2}
                ]}
                """);
        assertThatThrownBy(() -> new ChromeTraceImporter(store).importFile(file, "bad", null, ProgressListener.NONE))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("bad.json line 3")
                .hasMessageContaining("'ts'")
                .hasMessageContaining("soon");
        assertThat(store.listTraces()).extracting(TraceInfo::id).containsExactly(before);
    }

    @Test
    void truncatedObjectIsRejectedWithJacksonsLocation() throws Exception {
        Path file = dir.resolve("cut.json");
        Files.writeString(file, "{\"traceEvents\":[\n{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":2},\n{\"ph\":\"X\",\"na");
        assertThatThrownBy(() -> new ChromeTraceImporter(store).importFile(file, "cut", null, ProgressListener.NONE))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("cut.json line 3");
        assertThat(store.listTraces()).isEmpty();
    }

    @Test
    void endWithoutBeginIsRejected() throws Exception {
        Path file = dir.resolve("e.json");
        Files.writeString(file, "[{\"ph\":\"E\",\"pid\":1,\"tid\":1,\"ts\":5}]");
        assertThatThrownBy(() -> new ChromeTraceImporter(store).importFile(file, "e", null, ProgressListener.NONE))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("no matching 'B'");
        assertThat(store.listTraces()).isEmpty();
    }

    @Test
    void completeEventWithoutDurationIsRejected() throws Exception {
        Path file = dir.resolve("nodur.json");
        Files.writeString(file, "{\"traceEvents\":[{\"ph\":\"X\",\"name\":\"k\",\"pid\":1,\"tid\":1,\"ts\":5}]}");
        assertThatThrownBy(() -> new ChromeTraceImporter(store).importFile(file, "x", null, ProgressListener.NONE))
                .hasMessageContaining("'dur' is missing");
    }

    @Test
    void gzippedExportIsGzip() throws IOException {
        long original = simulationTrace();
        Path file = dir.resolve("out.json.gz");
        new ChromeTraceExporter(store).export(original, file, ProgressListener.NONE);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("{\"displayTimeUnit\":\"ns\"");
        }
    }

    private List<String> tracks(long traceId) {
        Map<Long, String> names = new HashMap<>();
        List<TrackInfo> all = store.tracks(traceId);
        all.forEach(t -> names.put(t.id(), t.name()));
        List<String> out = new ArrayList<>();
        for (TrackInfo t : all) {
            out.add((t.parentId() == null ? "" : names.get(t.parentId()) + " > ") + t.name() + " " + t.kind());
        }
        out.sort(String::compareTo);
        return out;
    }

    /** Every event as text with its track path, args compared as JSON trees; order-independent. */
    private List<String> events(long traceId) throws IOException {
        Map<Long, String> path = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        List<TrackInfo> all = store.tracks(traceId);
        all.forEach(t -> names.put(t.id(), t.name()));
        all.forEach(t -> path.put(t.id(), (t.parentId() == null ? "" : names.get(t.parentId()) + " > ") + t.name()));
        List<String> out = new ArrayList<>();
        Map<Long, String> sliceText = new HashMap<>();
        List<SliceRow> slices = new ArrayList<>();
        store.forEachSlice(traceId, slices::add);
        for (SliceRow s : slices) {
            String text = "slice " + path.get(s.trackId()) + " " + s.startNs() + "+" + s.durNs() + " d" + s.depth() + " " + s.name()
                    + " [" + s.category() + "] " + (s.argsJson() == null ? "-" : MAPPER.readTree(s.argsJson()).toString());
            sliceText.put(s.id(), s.name() + "@" + s.startNs());
            out.add(text);
        }
        List<InstantRow> instants = new ArrayList<>();
        store.forEachInstant(traceId, instants::add);
        for (InstantRow i : instants) {
            out.add("instant " + path.get(i.trackId()) + " " + i.tsNs() + " " + i.name() + " " + i.argsJson());
        }
        List<CounterRow> counters = new ArrayList<>();
        store.forEachCounter(traceId, counters::add);
        for (CounterRow c : counters) {
            out.add("counter " + path.get(c.trackId()) + " " + c.tsNs() + " " + c.value());
        }
        List<FlowRow> flows = new ArrayList<>();
        store.forEachFlow(traceId, flows::add);
        for (FlowRow f : flows) {
            out.add("flow " + f.name() + " " + sliceText.get(f.fromSliceId()) + " -> " + sliceText.get(f.toSliceId()));
        }
        out.sort(String::compareTo);
        return out;
    }
}
