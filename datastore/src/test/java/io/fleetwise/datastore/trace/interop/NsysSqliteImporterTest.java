package io.fleetwise.datastore.trace.interop;

import io.fleetwise.datastore.trace.FlowRow;
import io.fleetwise.datastore.trace.InstantRow;
import io.fleetwise.datastore.trace.SliceDetails;
import io.fleetwise.datastore.trace.SliceRow;
import io.fleetwise.datastore.trace.TraceFormatException;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TrackInfo;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NsysSqliteImporterTest {
    @TempDir
    Path dir;
    TraceStore store;

    @BeforeEach
    void open() {
        store = TraceStore.open(dir.resolve("traces.db"));
    }

    /** The tables and columns of an nsys 2024-era export that we read, with a few rows. */
    private Path nsysExport(String kernelStreamColumn) throws Exception {
        Path file = dir.resolve("report.sqlite");
        long globalTid = (4242L << 24) | 4250L;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE StringIds (id INTEGER PRIMARY KEY, value TEXT NOT NULL)");
            st.executeUpdate("INSERT INTO StringIds VALUES (1,'cudaLaunchKernel'),(2,'ampere_sgemm_128x64'),(3,'void ampere_sgemm_128x64<float>()'),"
                    + "(4,'cudaMemcpyAsync'),(5,'forward')");
            st.executeUpdate("CREATE TABLE ENUM_CUDA_MEMCPY_OPER (id INTEGER PRIMARY KEY, name TEXT, label TEXT)");
            st.executeUpdate("INSERT INTO ENUM_CUDA_MEMCPY_OPER VALUES (1,'CUDA_MEMCPY_OPER_HTOD','Host-to-Device')");
            st.executeUpdate("CREATE TABLE CUPTI_ACTIVITY_KIND_RUNTIME (start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, eventClass INTEGER, "
                    + "globalTid INTEGER, correlationId INTEGER, nameId INTEGER, returnValue INTEGER)");
            st.executeUpdate("INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME VALUES (1000, 1500, 1, " + globalTid + ", 7, 1, 0),"
                    + "(2000, 2600, 1, " + globalTid + ", 8, 4, 0)");
            st.executeUpdate("CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, deviceId INTEGER, "
                    + "contextId INTEGER, " + kernelStreamColumn + " INTEGER, correlationId INTEGER, globalPid INTEGER, demangledName INTEGER, "
                    + "shortName INTEGER, gridX INTEGER, gridY INTEGER, gridZ INTEGER, blockX INTEGER, blockY INTEGER, blockZ INTEGER)");
            st.executeUpdate("INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (1800, 9800, 0, 1, 7, 7, " + (4242L << 24) + ", 3, 2, 132, 1, 1, 256, 1, 1)");
            st.executeUpdate("CREATE TABLE CUPTI_ACTIVITY_KIND_MEMCPY (start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, deviceId INTEGER, "
                    + "streamId INTEGER, correlationId INTEGER, bytes INTEGER, copyKind INTEGER, globalPid INTEGER)");
            st.executeUpdate("INSERT INTO CUPTI_ACTIVITY_KIND_MEMCPY VALUES (10000, 12000, 0, 7, 8, 1048576, 1, " + (4242L << 24) + ")");
            st.executeUpdate("CREATE TABLE NVTX_EVENTS (start INTEGER NOT NULL, \"end\" INTEGER, eventType INTEGER NOT NULL, rangeId INTEGER, "
                    + "category INTEGER, color INTEGER, text TEXT, globalTid INTEGER, endGlobalTid INTEGER, textId INTEGER, domainId INTEGER)");
            st.executeUpdate("INSERT INTO NVTX_EVENTS VALUES (500, 3000, 59, NULL, NULL, NULL, NULL, " + globalTid + ", NULL, 5, 0),"
                    + "(2700, NULL, 34, NULL, NULL, NULL, 'step boundary', " + globalTid + ", NULL, NULL, 0)");
        }
        return file;
    }

    @Test
    void kernelsMemcpyRuntimeAndNvtxImportWithLaunchFlows() throws Exception {
        Path file = nsysExport("streamId");
        ImportResult result = new NsysSqliteImporter(store).importFile(file, "nsys", null, ProgressListener.NONE);
        long traceId = result.trace().id();

        assertThat(store.tracks(traceId)).extracting(TrackInfo::name)
                .containsExactlyInAnyOrder("Process 4242", "Thread 4250", "GPU 0", "stream 7");
        List<SliceRow> slices = new ArrayList<>();
        store.forEachSlice(traceId, slices::add);
        assertThat(slices).extracting(SliceRow::name).containsExactlyInAnyOrder(
                "forward", "cudaLaunchKernel", "cudaMemcpyAsync", "ampere_sgemm_128x64", "Memcpy Host-to-Device");
        SliceRow kernel = slices.stream().filter(s -> s.name().equals("ampere_sgemm_128x64")).findFirst().orElseThrow();
        assertThat(kernel.startNs()).isEqualTo(1800);
        assertThat(kernel.durNs()).isEqualTo(8000);
        assertThat(kernel.argsJson()).contains("\"grid\":\"132x1x1\"").contains("\"block\":\"256x1x1\"");
        SliceRow forward = slices.stream().filter(s -> s.name().equals("forward")).findFirst().orElseThrow();
        SliceRow launch = slices.stream().filter(s -> s.name().equals("cudaLaunchKernel")).findFirst().orElseThrow();
        assertThat(forward.depth()).isZero();
        assertThat(launch.depth()).isEqualTo(1);

        List<FlowRow> flows = new ArrayList<>();
        store.forEachFlow(traceId, flows::add);
        assertThat(flows).hasSize(2);
        SliceDetails launchDetails = store.slice(launch.id()).orElseThrow();
        assertThat(launchDetails.flowsOut()).extracting(f -> f.otherSliceName()).containsExactly("ampere_sgemm_128x64");
        List<InstantRow> marks = new ArrayList<>();
        store.forEachInstant(traceId, marks::add);
        assertThat(marks).extracting(InstantRow::name).containsExactly("step boundary");
        assertThat(result.trace().eventCount()).isEqualTo(6);
    }

    @Test
    void missingColumnIsNamedAsTableDotColumnAndNothingIsStored() throws Exception {
        Path file = nsysExport("stream");
        assertThatThrownBy(() -> new NsysSqliteImporter(store).importFile(file, "nsys", null, ProgressListener.NONE))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("CUPTI_ACTIVITY_KIND_KERNEL.streamId");
        assertThat(store.listTraces()).isEmpty();
    }

    @Test
    void fileWithoutStringIdsIsRejected() throws Exception {
        Path file = dir.resolve("other.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE something (x INTEGER)");
        }
        assertThatThrownBy(() -> new NsysSqliteImporter(store).importFile(file, "nsys", null, ProgressListener.NONE))
                .hasMessageContaining("table StringIds is missing");
    }

    @Test
    void recursiveViewInPlaceOfATableIsRefusedAtOnce() throws Exception {
        Path file = dir.resolve("view.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE StringIds (id INTEGER PRIMARY KEY, value TEXT NOT NULL)");
            st.executeUpdate("CREATE VIEW CUPTI_ACTIVITY_KIND_KERNEL AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "
                    + "SELECT x AS start, x AS \"end\", 0 AS deviceId, 0 AS streamId, 0 AS correlationId, 0 AS shortName FROM r");
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> new NsysSqliteImporter(store).importFile(file, "nsys", null, ProgressListener.NONE))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("'CUPTI_ACTIVITY_KIND_KERNEL' is a view or virtual table, not a table");
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(10);
        assertThat(store.listTraces()).isEmpty();
    }

    @Test
    void tableNamesWithQuotesDoNotBreakTheImport() throws Exception {
        Path file = nsysExport("streamId");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE \"x\"\"); DROP TABLE StringIds; --\" (a INTEGER)");
        }
        ImportResult result = new NsysSqliteImporter(store).importFile(file, "nsys", null, ProgressListener.NONE);
        assertThat(result.trace().eventCount()).isEqualTo(6);
    }

    @Test
    void queriesStopAtTheTimeLimitAndStoreNothing() throws Exception {
        Path file = nsysExport("streamId");
        assertThatThrownBy(() -> new NsysSqliteImporter(store, java.time.Duration.ZERO).importFile(file, "nsys", null, ProgressListener.NONE))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("longer than the limit");
        assertThat(store.listTraces()).isEmpty();
    }

    @Test
    void cancelStopsTheReadAndStoresNothing() throws Exception {
        Path file = nsysExport("streamId");
        ProgressListener cancelled = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> new NsysSqliteImporter(store).importFile(file, "nsys", null, cancelled))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(store.listTraces()).isEmpty();
    }

    @Test
    void cudaGraphExecutionsBecomeSlicesOnTheirStreamWithTheGraphIdAndTheirLaunch() throws Exception {
        Path file = nsysExport("streamId");
        long globalTid = (4242L << 24) | 4250L;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO StringIds VALUES (6,'cudaGraphLaunch')");
            st.executeUpdate("INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME VALUES (20000, 20400, 1, " + globalTid + ", 9, 6, 0)");
            st.executeUpdate("CREATE TABLE CUPTI_ACTIVITY_KIND_GRAPH_TRACE (start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, deviceId INTEGER, "
                    + "contextId INTEGER, streamId INTEGER, correlationId INTEGER, globalPid INTEGER, graphId INTEGER, graphExecId INTEGER)");
            st.executeUpdate("INSERT INTO CUPTI_ACTIVITY_KIND_GRAPH_TRACE VALUES (21000, 35000, 0, 1, 7, 9, " + (4242L << 24) + ", 3, 12)");
        }
        ImportResult result = new NsysSqliteImporter(store).importFile(file, "nsys", null, ProgressListener.NONE);
        List<SliceRow> slices = new ArrayList<>();
        store.forEachSlice(result.trace().id(), slices::add);
        SliceRow graph = slices.stream().filter(s -> s.name().equals("CUDA graph 3")).findFirst().orElseThrow();
        assertThat(graph.startNs()).isEqualTo(21000);
        assertThat(graph.durNs()).isEqualTo(14000);
        assertThat(graph.category()).isEqualTo("cuda_graph");
        assertThat(graph.argsJson()).contains("\"graphId\":3").contains("\"graphExecId\":12");
        assertThat(store.tracks(result.trace().id()).stream().filter(t -> t.id() == graph.trackId()).findFirst().orElseThrow().name())
                .isEqualTo("stream 7");
        SliceRow launch = slices.stream().filter(s -> s.name().equals("cudaGraphLaunch")).findFirst().orElseThrow();
        assertThat(store.slice(launch.id()).orElseThrow().flowsOut()).extracting(f -> f.otherSliceName()).containsExactly("CUDA graph 3");
    }

    @Test
    void kernelsTracedPerGraphNodeCarryTheirGraphAndNode() throws Exception {
        Path file = dir.resolve("nodes.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE StringIds (id INTEGER PRIMARY KEY, value TEXT NOT NULL)");
            st.executeUpdate("INSERT INTO StringIds VALUES (1,'flash_fwd')");
            st.executeUpdate("CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, deviceId INTEGER, "
                    + "streamId INTEGER, correlationId INTEGER, shortName INTEGER, graphNodeId INTEGER, graphId INTEGER)");
            st.executeUpdate("INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (100, 200, 0, 7, 1, 1, 55, 3), (300, 400, 0, 7, 2, 1, 0, 0)");
        }
        ImportResult result = new NsysSqliteImporter(store).importFile(file, "nsys", null, ProgressListener.NONE);
        List<SliceRow> slices = new ArrayList<>();
        store.forEachSlice(result.trace().id(), slices::add);
        assertThat(slices).extracting(SliceRow::argsJson)
                .containsExactly("{\"correlationId\":1,\"graphId\":3,\"graphNodeId\":55}", "{\"correlationId\":2}");
    }
}
