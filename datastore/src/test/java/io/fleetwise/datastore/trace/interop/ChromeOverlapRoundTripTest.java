package io.fleetwise.datastore.trace.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.datastore.trace.SliceRow;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChromeOverlapRoundTripTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @TempDir
    Path dir;
    TraceStore store;

    @BeforeEach
    void open() {
        store = TraceStore.open(dir.resolve("traces.db"));
    }

    /**
     * 20,000 slices in CI; the 200,000 of docs/reliability.md with
     * {@code -Dfleetwise.roundTripSlices=200000} (about 30 s on a loaded 2-core machine).
     */
    @Test
    void slicesWithAOneNanosecondOverlapRoundTripExactly() throws Exception {
        int n = Integer.getInteger("fleetwise.roundTripSlices", 20_000);
        Path in = dir.resolve("in.json");
        try (BufferedWriter w = Files.newBufferedWriter(in)) {
            w.write("{\"traceEvents\":[\n");
            for (int i = 0; i < n; i++) {
                // the middle slice ends 1 ns after slice 501 begins (microsecond rounding in the producer)
                String dur = i == n / 2 ? "10.001" : "10";
                w.write((i == 0 ? "" : ",\n") + "{\"ph\":\"X\",\"name\":\"s" + i + "\",\"pid\":1,\"tid\":1,\"ts\":" + (i * 10) + ",\"dur\":" + dur + "}");
            }
            w.write("\n]}\n");
        }
        ImportResult first = new ChromeTraceImporter(store).importFile(in, "in", null, ProgressListener.NONE);
        Path out = dir.resolve("out.json");
        new ChromeTraceExporter(store).export(first.trace().id(), out, ProgressListener.NONE);
        JsonNode root = MAPPER.readTree(out.toFile());
        long slices = 0;
        for (JsonNode e : root.get("traceEvents")) {
            if (e.get("ph").asText().equals("X")) {
                slices++;
            }
        }
        ImportResult second = new ChromeTraceImporter(store).importFile(out, "out", null, ProgressListener.NONE);
        List<SliceRow> rows = new ArrayList<>();
        store.forEachSlice(second.trace().id(), rows::add);
        assertThat(slices).isEqualTo(n);
        assertThat(rows).hasSize(n);
        assertThat(store.tracks(second.trace().id())).hasSize(2);
        assertThat(first.report().repairedCount()).isEqualTo(1);
        assertThat(first.report().repaired().get(0).firstPlaces()).containsExactly("track 'Thread 1' at " + (n / 2 * 10 + 10) + ".000 us");
        assertThat(second.report().repairedCount()).isEqualTo(1);
        List<SliceRow> original = new ArrayList<>();
        store.forEachSlice(first.trace().id(), original::add);
        assertThat(rows).extracting(r -> r.name() + "@" + r.startNs() + "+" + r.durNs() + " d" + r.depth())
                .containsExactlyElementsOf(original.stream().map(r -> r.name() + "@" + r.startNs() + "+" + r.durNs() + " d" + r.depth()).toList());
    }

    @Test
    void gzipWithACorruptedTrailerIsRejectedAndStoresNothing() throws Exception {
        Path file = dir.resolve("t.json.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("{\"traceEvents\":[{\"ph\":\"X\",\"name\":\"k\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":2}]}".getBytes());
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 0x5A; // inside the CRC-32 of the trailer
        Files.write(file, bytes);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new ChromeTraceImporter(store).importFile(file, "t", null, ProgressListener.NONE))
                .isInstanceOf(io.fleetwise.datastore.trace.TraceFormatException.class)
                .hasMessageContaining("t.json.gz: damaged or truncated compressed data");
        assertThat(store.listTraces()).isEmpty();
    }
}
