package io.fleetwise.datastore.trace.interop;

import io.fleetwise.datastore.trace.TraceFormatException;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TraceWriter;
import io.fleetwise.datastore.trace.TrackKind;
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
    }

    private final TraceStore store;

    public NsysSqliteImporter(TraceStore store) {
        this.store = store;
    }

    public ImportResult importFile(Path file, String name, Long studyId, ProgressListener listener) throws TraceFormatException {
        if (!Files.isRegularFile(file)) {
            throw new TraceFormatException(file + ": no such file");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(org.sqlite.SQLiteOpenMode.READONLY);
        String label = file.getFileName().toString();
        try (Connection in = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties())) {
            Map<String, Set<String>> schema = checkSchema(in, label);
            long total = 0;
            for (String table : List.of(RUNTIME, KERNEL, MEMCPY, MEMSET, NVTX)) {
                if (schema.containsKey(table)) {
                    total += count(in, table);
                }
            }
            try (TraceWriter w = store.beginTrace(name, studyId, "nsys-sqlite:" + label, listener)) {
                Run run = new Run(w, listener, Math.max(1, total));
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
                    run.memcpy(in, schema.containsKey("ENUM_CUDA_MEMCPY_OPER"));
                }
                if (schema.containsKey(MEMSET)) {
                    run.memset(in);
                }
                listener.progress(0.97, "Building summaries");
                TraceInfo info = w.commit();
                listener.progress(1.0, "Imported " + info.eventCount() + " events");
                return new ImportResult(info, run.skipped, w.unresolvedFlows());
            }
        } catch (SQLException e) {
            throw new TraceFormatException(label + ": cannot read as an Nsight Systems SQLite export: " + e.getMessage(), e);
        }
    }

    static Map<String, Set<String>> checkSchema(Connection in, String label) throws SQLException, TraceFormatException {
        Map<String, Set<String>> present = new HashMap<>();
        try (Statement st = in.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type IN ('table','view')")) {
            while (rs.next()) {
                present.put(rs.getString(1), new HashSet<>());
            }
        }
        for (Map.Entry<String, Set<String>> e : present.entrySet()) {
            try (Statement st = in.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(\"" + e.getKey() + "\")")) {
                while (rs.next()) {
                    e.getValue().add(rs.getString("name"));
                }
            }
        }
        if (!present.containsKey(STRINGS)) {
            throw new TraceFormatException(label + ": table " + STRINGS + " is missing (Maybe this is not an 'nsys export --type sqlite' file?)");
        }
        if (!present.containsKey(KERNEL) && !present.containsKey(RUNTIME) && !present.containsKey(NVTX)
                && !present.containsKey(MEMCPY) && !present.containsKey(MEMSET)) {
            throw new TraceFormatException(label + ": none of the tables " + KERNEL + ", " + MEMCPY + ", " + MEMSET + ", "
                    + RUNTIME + ", " + NVTX + " is present; nothing to import");
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

    private static long count(Connection in, String table) throws SQLException {
        try (Statement st = in.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
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
        long done;
        long skipped;

        Run(TraceWriter w, ProgressListener listener, long total) {
            this.w = w;
            this.listener = listener;
            this.total = total;
        }

        void runtime(Connection in) throws SQLException {
            String sql = "SELECT r.start, r.\"end\", r.globalTid, r.correlationId, s.value FROM " + RUNTIME + " r "
                    + "LEFT JOIN " + STRINGS + " s ON s.id = r.nameId ORDER BY r.start";
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
            String sql = "SELECT n.start, n.\"end\", n.eventType, COALESCE(n.text, s.value), n.globalTid FROM " + NVTX + " n "
                    + "LEFT JOIN " + STRINGS + " s ON s.id = n.textId WHERE n.eventType IN (" + NVTX_MARK + "," + NVTX_PUSH_POP + ","
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
            String sql = "SELECT k.start, k.\"end\", k.deviceId, k.streamId, k.correlationId, s.value"
                    + (grid ? ", k.gridX, k.gridY, k.gridZ, k.blockX, k.blockY, k.blockZ" : "")
                    + (globalPid ? ", k.globalPid" : "")
                    + " FROM " + KERNEL + " k LEFT JOIN " + STRINGS + " s ON s.id = k.shortName ORDER BY k.start";
            try (PreparedStatement ps = in.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    long end = rs.getLong(2);
                    long correlation = rs.getLong(5);
                    String args = "{\"correlationId\":" + correlation
                            + (grid ? ",\"grid\":\"" + rs.getLong(7) + "x" + rs.getLong(8) + "x" + rs.getLong(9) + "\",\"block\":\""
                            + rs.getLong(10) + "x" + rs.getLong(11) + "x" + rs.getLong(12) + "\"" : "") + "}";
                    String name = rs.getString(6);
                    long id = w.slice(gpuStream(rs.getLong(3), rs.getLong(4)), start, Math.max(0, end - start),
                            name == null ? "kernel" : name, "kernel", args);
                    Long pid = globalPid ? pidOf(rs.getLong(grid ? 13 : 7)) : null;
                    link(pid, correlation, id);
                    tick();
                }
            }
        }

        void memcpy(Connection in, boolean haveEnum) throws SQLException {
            String sql = "SELECT m.start, m.\"end\", m.deviceId, m.streamId, m.correlationId, m.bytes, m.copyKind"
                    + (haveEnum ? ", e.label FROM " + MEMCPY + " m LEFT JOIN ENUM_CUDA_MEMCPY_OPER e ON e.id = m.copyKind"
                    : " FROM " + MEMCPY + " m") + " ORDER BY m.start";
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
            String sql = "SELECT start, \"end\", deviceId, streamId, correlationId, bytes FROM " + MEMSET + " ORDER BY start";
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
            if ((++done & 0x3FFF) == 0) {
                listener.progress(0.95 * done / total, "Read " + done + " of " + total + " rows");
            }
        }
    }

    private record CorrelationKey(long pid, long correlationId) {
    }
}
