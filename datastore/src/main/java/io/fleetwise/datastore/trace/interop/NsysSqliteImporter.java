package io.fleetwise.datastore.trace.interop;

import io.fleetwise.datastore.trace.TraceFormatException;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TraceWriter;
import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.planner.ingest.ImportReport;
import io.fleetwise.planner.progress.ProgressListener;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.sqlite.ProgressHandler;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports an Nsight Systems SQLite export (nsys export --type sqlite), opened read-only and streamed row by
 * row: kernels, memcpy and memset on "GPU n" / "stream s" tracks, CUDA runtime calls and NVTX ranges on
 * "Process p" / "Thread t" tracks, and a flow from each runtime call to the GPU activity with the same
 * (process, correlationId). Each table that is present must have the columns we read; a missing one is
 * named as table.column and nothing is stored.
 */
public final class NsysSqliteImporter {
    static final String KERNEL = "CUPTI_ACTIVITY_KIND_KERNEL";
    static final String MEMCPY = "CUPTI_ACTIVITY_KIND_MEMCPY";
    static final String MEMSET = "CUPTI_ACTIVITY_KIND_MEMSET";
    static final String RUNTIME = "CUPTI_ACTIVITY_KIND_RUNTIME";
    static final String GRAPH = "CUPTI_ACTIVITY_KIND_GRAPH_TRACE";
    static final String NVTX = "NVTX_EVENTS";
    static final String STRINGS = "StringIds";
    private static final int NVTX_MARK = 34;
    private static final int NVTX_PUSH_POP = 59;
    private static final int NVTX_START_END = 60;

    /** Columns each table must have when present. */
    static final Map<String, List<String>> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put(STRINGS, List.of("id", "value"));
        REQUIRED.put(RUNTIME, List.of("start", "end", "globalTid", "correlationId", "nameId"));
        REQUIRED.put(KERNEL, List.of("start", "end", "deviceId", "streamId", "correlationId", "shortName"));
        REQUIRED.put(MEMCPY, List.of("start", "end", "deviceId", "streamId", "correlationId", "bytes", "copyKind"));
        REQUIRED.put(MEMSET, List.of("start", "end", "deviceId", "streamId", "correlationId", "bytes"));
        REQUIRED.put(NVTX, List.of("start", "end", "eventType", "text", "textId", "globalTid"));
        REQUIRED.put(GRAPH, List.of("start", "end", "deviceId", "streamId", "correlationId", "graphId"));
    }

    /** Long enough for a multi-gigabyte export on a slow disk; a file that takes longer is refused. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(30);
    /** SQLite virtual-machine steps between two checks of cancel and time limit. */
    private static final int STEPS_PER_CHECK = 10_000;

    private final TraceStore store;
    private final Duration timeLimit;

    public NsysSqliteImporter(TraceStore store) {
        this(store, DEFAULT_TIME_LIMIT);
    }

    /** timeLimit bounds every read of the export (a crafted file cannot make a query run forever). */
    public NsysSqliteImporter(TraceStore store, Duration timeLimit) {
        this.store = store;
        this.timeLimit = timeLimit;
    }

    public ImportResult importFile(Path file, String name, Long studyId, ProgressListener listener) throws TraceFormatException {
        ChromeTraceImporter.requireRegularFile(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(org.sqlite.SQLiteOpenMode.READONLY);
        String label = file.getFileName().toString();
        long deadline = System.nanoTime() + timeLimit.toNanos();
        boolean[] timedOut = {false};
        try (Connection in = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties())) {
            // Every statement on this connection checks cancel and the time limit as it runs: a query over a
            // crafted file (a recursive view, a huge join) stops instead of hanging the import.
            ProgressHandler.setHandler(in, STEPS_PER_CHECK, new ProgressHandler() {
                @Override
                protected int progress() {
                    if (System.nanoTime() - deadline > 0) {
                        timedOut[0] = true;
                        return 1;
                    }
                    return listener.isCancelled() ? 1 : 0;
                }
            });
            Map<String, Set<String>> schema = checkSchema(in, label);
            Runnable guard = () -> {
                if (System.nanoTime() - deadline > 0) {
                    timedOut[0] = true;
                    throw new IllegalStateException("time limit");
                }
            };
            guard.run();
            long total = 0;
            for (String table : List.of(RUNTIME, KERNEL, MEMCPY, MEMSET, NVTX, GRAPH)) {
                if (schema.containsKey(table)) {
                    total += count(in, table);
                }
            }
            try (TraceWriter w = store.beginTrace(name, studyId, "nsys-sqlite:" + label, listener)) {
                Run run = new Run(w, listener, Math.max(1, total), guard);
                if (schema.containsKey(RUNTIME)) {
                    run.runtime(in);
                }
                if (schema.containsKey(NVTX)) {
                    run.nvtx(in);
                }
                if (schema.containsKey(KERNEL)) {
                    run.kernels(in, schema.get(KERNEL));
                }
                if (schema.containsKey(MEMCPY)) {
                    run.memcpy(in, schema.getOrDefault("ENUM_CUDA_MEMCPY_OPER", Set.of()).containsAll(List.of("id", "label")));
                }
                if (schema.containsKey(MEMSET)) {
                    run.memset(in);
                }
                if (schema.containsKey(GRAPH)) {
                    run.graphs(in, schema.get(GRAPH));
                }
                listener.progress(0.97, "Building summaries");
                TraceInfo info = w.commit(new ImportReport.Builder());
                listener.progress(1.0, "Imported " + info.eventCount() + " events");
                return new ImportResult(info, info.importReport());
            }
        } catch (SQLException | IllegalStateException e) {
            if (e instanceof IllegalStateException && !timedOut[0]) {
                throw (IllegalStateException) e;
            }
            if (listener.isCancelled()) {
                throw new CancellationException("Import of " + label + " cancelled; nothing was stored");
            }
            if (timedOut[0]) {
                throw new TraceFormatException(label + ": reading took longer than the limit of " + timeLimit.toSeconds()
                        + " s; nothing was stored (Maybe the file is not an 'nsys export --type sqlite' file?)", e);
            }
            throw new TraceFormatException(label + ": cannot read as an Nsight Systems SQLite export: " + e.getMessage(), e);
        }
    }

    /**
     * Only real tables count: a view or a virtual table under one of our names is never queried (a view can
     * be recursive and run forever), and column names come from a bound pragma function, never from text
     * put together from names found in the file.
     */
    static Map<String, Set<String>> checkSchema(Connection in, String label) throws SQLException, TraceFormatException {
        Map<String, Set<String>> present = new HashMap<>();
        Set<String> notTables = new HashSet<>();
        try (Statement st = in.createStatement(); ResultSet rs = st.executeQuery("SELECT name, type, sql FROM sqlite_master")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String sql = rs.getString(3);
                boolean table = "table".equals(rs.getString(2))
                        && (sql == null || !sql.stripLeading().toUpperCase(java.util.Locale.ROOT).startsWith("CREATE VIRTUAL"));
                if (REQUIRED.containsKey(name) || "ENUM_CUDA_MEMCPY_OPER".equals(name)) {
                    if (table) {
                        present.put(name, new HashSet<>());
                    } else {
                        notTables.add(name);
                    }
                }
            }
        }
        for (String name : notTables) {
            if (!present.containsKey(name)) {
                throw new TraceFormatException(label + ": " + io.fleetwise.planner.ingest.InputText.quote(name)
                        + " is a view or virtual table, not a table; only tables of an 'nsys export --type sqlite' file are read");
            }
        }
        try (PreparedStatement ps = in.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            for (Map.Entry<String, Set<String>> e : present.entrySet()) {
                ps.setString(1, e.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        e.getValue().add(rs.getString(1));
                    }
                }
            }
        }
        if (!present.containsKey(STRINGS)) {
            throw new TraceFormatException(label + ": table " + STRINGS + " is missing (Maybe this is not an 'nsys export --type sqlite' file?)");
        }
        if (!present.containsKey(KERNEL) && !present.containsKey(RUNTIME) && !present.containsKey(NVTX)
                && !present.containsKey(MEMCPY) && !present.containsKey(MEMSET) && !present.containsKey(GRAPH)) {
            throw new TraceFormatException(label + ": none of the tables " + KERNEL + ", " + MEMCPY + ", " + MEMSET + ", "
                    + RUNTIME + ", " + NVTX + ", " + GRAPH + " is present; nothing to import");
        }
        for (Map.Entry<String, List<String>> req : REQUIRED.entrySet()) {
            Set<String> columns = present.get(req.getKey());
            if (columns == null) {
                continue;
            }
            for (String column : req.getValue()) {
                if (!columns.contains(column)) {
                    throw new TraceFormatException(label + ": column " + req.getKey() + "." + column
                            + " is missing (Maybe the report comes from an nsys version whose export schema we do not read?)");
                }
            }
        }
        return present;
    }

    /** table is one of our constant names, checked to be a real table; quoted all the same. */
    private static long count(Connection in, String table) throws SQLException {
        try (Statement st = in.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + quote(table))) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** An SQL identifier in double quotes, with embedded quotes doubled. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** One import run: track caches and the correlation map from runtime calls to their slice ids. */
    private static final class Run {
        final TraceWriter w;
        final ProgressListener listener;
        final long total;
        final Map<Long, Long> processes = new HashMap<>();
        final Map<String, Long> tracks = new HashMap<>();
        final Map<CorrelationKey, Long> runtimeSlices = new HashMap<>();
        final Map<Long, Long> byCorrelation = new HashMap<>();
        final Runnable guard;
        long done;

        Run(TraceWriter w, ProgressListener listener, long total, Runnable guard) {
            this.w = w;
            this.listener = listener;
            this.total = total;
            this.guard = guard;
        }

        void runtime(Connection in) throws SQLException {
            String sql = "SELECT r.start, r.\"end\", r.globalTid, r.correlationId, s.value FROM " + quote(RUNTIME) + " r "
                    + "LEFT JOIN " + quote(STRINGS) + " s ON s.id = r.nameId ORDER BY r.start";
            try (PreparedStatement ps = in.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    long end = rs.getLong(2);
                    long globalTid = rs.getLong(3);
                    long correlation = rs.getLong(4);
                    String name = rs.getString(5);
                    long id = w.slice(cpuThread(globalTid), start, Math.max(0, end - start), name == null ? "cuda API" : name,
                            "cuda_api", "{\"correlationId\":" + correlation + "}");
                    runtimeSlices.put(new CorrelationKey(pidOf(globalTid), correlation), id);
                    byCorrelation.merge(correlation, id, (a, b) -> -1L);
                    tick();
                }
            }
        }

        void nvtx(Connection in) throws SQLException {
            String sql = "SELECT n.start, n.\"end\", n.eventType, COALESCE(n.text, s.value), n.globalTid FROM " + quote(NVTX) + " n "
                    + "LEFT JOIN " + quote(STRINGS) + " s ON s.id = n.textId WHERE n.eventType IN (" + NVTX_MARK + "," + NVTX_PUSH_POP + ","
                    + NVTX_START_END + ") ORDER BY n.start";
            try (PreparedStatement ps = in.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    long end = rs.getLong(2);
                    boolean open = rs.wasNull();
                    int type = rs.getInt(3);
                    String text = rs.getString(4);
                    long track = cpuThread(rs.getLong(5));
                    if (type == NVTX_MARK || open) {
                        w.instant(track, start, text == null ? "nvtx mark" : text, "nvtx", null);
                    } else {
                        w.slice(track, start, Math.max(0, end - start), text == null ? "nvtx range" : text, "nvtx", null);
                    }
                    tick();
                }
            }
        }

        void kernels(Connection in, Set<String> columns) throws SQLException {
            boolean grid = columns.containsAll(List.of("gridX", "gridY", "gridZ", "blockX", "blockY", "blockZ"));
            boolean globalPid = columns.contains("globalPid");
            // with --cuda-graph-trace=node, kernels launched by a graph carry its id and their node's id
            boolean graphNode = columns.contains("graphNodeId") && columns.contains("graphId");
            String sql = "SELECT k.start, k.\"end\", k.deviceId, k.streamId, k.correlationId, s.value"
                    + (grid ? ", k.gridX, k.gridY, k.gridZ, k.blockX, k.blockY, k.blockZ" : "")
                    + (globalPid ? ", k.globalPid" : ", NULL")
                    + (graphNode ? ", k.graphId, k.graphNodeId" : ", NULL, NULL")
                    + " FROM " + quote(KERNEL) + " k LEFT JOIN " + quote(STRINGS) + " s ON s.id = k.shortName ORDER BY k.start";
            try (PreparedStatement ps = in.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    long end = rs.getLong(2);
                    long correlation = rs.getLong(5);
                    int after = grid ? 13 : 7;
                    long graphId = rs.getLong(after + 1);
                    boolean inGraph = !rs.wasNull() && graphId != 0;
                    String args = "{\"correlationId\":" + correlation
                            + (grid ? ",\"grid\":\"" + rs.getLong(7) + "x" + rs.getLong(8) + "x" + rs.getLong(9) + "\",\"block\":\""
                            + rs.getLong(10) + "x" + rs.getLong(11) + "x" + rs.getLong(12) + "\"" : "")
                            + (inGraph ? ",\"graphId\":" + graphId + ",\"graphNodeId\":" + rs.getLong(after + 2) : "") + "}";
                    String name = rs.getString(6);
                    long id = w.slice(gpuStream(rs.getLong(3), rs.getLong(4)), start, Math.max(0, end - start),
                            name == null ? "kernel" : name, "kernel", args);
                    Long pid = globalPid ? pidOf(rs.getLong(after)) : null;
                    link(pid, correlation, id);
                    tick();
                }
            }
        }

        void memcpy(Connection in, boolean haveEnum) throws SQLException {
            String sql = "SELECT m.start, m.\"end\", m.deviceId, m.streamId, m.correlationId, m.bytes, m.copyKind"
                    + (haveEnum ? ", e.label FROM " + quote(MEMCPY) + " m LEFT JOIN ENUM_CUDA_MEMCPY_OPER e ON e.id = m.copyKind"
                    : " FROM " + quote(MEMCPY) + " m") + " ORDER BY m.start";
            try (PreparedStatement ps = in.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    long end = rs.getLong(2);
                    String kind = haveEnum && rs.getString(8) != null ? rs.getString(8) : "kind " + rs.getInt(7);
                    long id = w.slice(gpuStream(rs.getLong(3), rs.getLong(4)), start, Math.max(0, end - start), "Memcpy " + kind,
                            "memcpy", "{\"bytes\":" + rs.getLong(6) + ",\"correlationId\":" + rs.getLong(5) + "}");
                    link(null, rs.getLong(5), id);
                    tick();
                }
            }
        }

        void memset(Connection in) throws SQLException {
            String sql = "SELECT start, \"end\", deviceId, streamId, correlationId, bytes FROM " + quote(MEMSET) + " ORDER BY start";
            try (PreparedStatement ps = in.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    long end = rs.getLong(2);
                    long id = w.slice(gpuStream(rs.getLong(3), rs.getLong(4)), start, Math.max(0, end - start), "Memset", "memset",
                            "{\"bytes\":" + rs.getLong(6) + ",\"correlationId\":" + rs.getLong(5) + "}");
                    link(null, rs.getLong(5), id);
                    tick();
                }
            }
        }

        /**
         * CUDA graph executions traced whole (nsys's default --cuda-graph-trace=graph, used by vLLM's decode
         * steps): one slice per launch on the stream it ran on, named by its graph, linked to its launch call.
         */
        void graphs(Connection in, Set<String> columns) throws SQLException {
            boolean globalPid = columns.contains("globalPid");
            boolean exec = columns.contains("graphExecId");
            String sql = "SELECT g.start, g.\"end\", g.deviceId, g.streamId, g.correlationId, g.graphId"
                    + (globalPid ? ", g.globalPid" : ", NULL") + (exec ? ", g.graphExecId" : ", NULL")
                    + " FROM " + quote(GRAPH) + " g ORDER BY g.start";
            try (PreparedStatement ps = in.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    long end = rs.getLong(2);
                    long correlation = rs.getLong(5);
                    long graphId = rs.getLong(6);
                    long pidValue = rs.getLong(7);
                    Long pid = rs.wasNull() ? null : pidOf(pidValue);
                    long execId = rs.getLong(8);
                    boolean haveExec = !rs.wasNull();
                    long id = w.slice(gpuStream(rs.getLong(3), rs.getLong(4)), start, Math.max(0, end - start),
                            "CUDA graph " + graphId, "cuda_graph", "{\"graphId\":" + graphId
                                    + (haveExec ? ",\"graphExecId\":" + execId : "") + ",\"correlationId\":" + correlation + "}");
                    link(pid, correlation, id);
                    tick();
                }
            }
        }

        /**
         * correlationId is unique per process only: with the GPU row's process we match exactly; without it
         * we match only ids that a single process used.
         */
        private void link(Long pid, long correlation, long gpuSliceId) {
            Long launch = pid != null ? runtimeSlices.get(new CorrelationKey(pid, correlation)) : byCorrelation.get(correlation);
            if (launch != null && launch >= 0) {
                w.flow(launch, gpuSliceId, "launch", "ac2g");
            }
        }

        private long cpuThread(long globalTid) {
            long pid = pidOf(globalTid);
            long tid = globalTid & 0xFFFFFF;
            String key = "T|" + pid + "|" + tid;
            Long id = tracks.get(key);
            if (id == null) {
                Long process = processes.get(pid);
                if (process == null) {
                    process = w.process("Process " + pid, pid);
                    processes.put(pid, process);
                }
                id = w.track(process, TrackKind.THREAD, "Thread " + tid, tid);
                tracks.put(key, id);
            }
            return id;
        }

        private long gpuStream(long deviceId, long streamId) {
            String key = "G|" + deviceId + "|" + streamId;
            Long id = tracks.get(key);
            if (id == null) {
                long processKey = -1 - deviceId;
                Long gpu = processes.get(processKey);
                if (gpu == null) {
                    gpu = w.process("GPU " + deviceId, 1_000_000 + deviceId);
                    processes.put(processKey, gpu);
                }
                id = w.track(gpu, TrackKind.THREAD, "stream " + streamId, streamId);
                tracks.put(key, id);
            }
            return id;
        }

        private static long pidOf(long globalTid) {
            return (globalTid >> 24) & 0xFFFFFF;
        }

        private void tick() {
            if ((++done & 0x3FF) == 0) {
                guard.run();
            }
            if ((done & 0x3FFF) == 0) {
                listener.progress(0.95 * done / total, "Read " + done + " of " + total + " rows");
            }
        }
    }

    private record CorrelationKey(long pid, long correlationId) {
    }
}
