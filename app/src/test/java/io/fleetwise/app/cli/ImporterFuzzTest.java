package io.fleetwise.app.cli;

import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.interop.ChromeTraceImporter;
import io.fleetwise.datastore.trace.interop.NsysSqliteImporter;
import io.fleetwise.planner.alloc.format.AllocatorInputReader;
import io.fleetwise.planner.alloc.melange.MelangeConfigReader;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.HuggingFaceConfigImporter;
import io.fleetwise.planner.cluster.ClusterFiles;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.study.DemoStudy;
import io.fleetwise.planner.study.StudyJson;
import io.fleetwise.planner.workload.TraceReaders;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes every importer with mutated copies of valid seed files (fuzz/seeds): each generated input must
 * either import or be refused with a user error whose one-line message names the file, never an
 * "unexpected error", an uncaught Error or a changed trace store. Inputs that ever failed are kept in
 * fuzz/regressions/IMPORTER/ and replayed first. Failures found now are written to target/fuzz-failures/.
 */
class ImporterFuzzTest {
    private static final Path WORK = Path.of("target", "fuzz-work");
    private static final Path FAILURES = Path.of("target", "fuzz-failures");
    private static final String BASE = "fuzz-input";
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final Map<Importer, AtomicLong[]> COUNTS = new EnumMap<>(Importer.class);
    private static TraceStore store;

    /** Every importer with its seed and the call the CLI and GUI make. */
    enum Importer {
        CHROME_JSON("chrome.json", ".json"),
        CHROME_GZ("chrome.json", ".json.gz"),
        NSYS_SQLITE(null, ".sqlite"),
        AZURE_CSV("azure.csv", ".csv"),
        BURSTGPT_CSV("burstgpt.csv", ".csv"),
        MOONCAKE_JSONL("mooncake.jsonl", ".jsonl"),
        OFFSET_JSONL("offset.jsonl", ".jsonl"),
        MELANGE_CONFIG("melange.json", ".json"),
        ALLOCATOR_CONFIG("allocator.json", ".json"),
        HF_CONFIG("hf-config.json", ".json"),
        STUDY_JSON(null, ".json"),
        CLUSTER_FILE("cluster.json", ".json"),
        VLLM_BENCH_JSON("vllm-bench.json", ".json"),
        SGLANG_BENCH_JSONL("sglang-bench.jsonl", ".jsonl");

        final String seed;
        final String extension;

        Importer(String seed, String extension) {
            this.seed = seed;
            this.extension = extension;
        }
    }

    /** One change to the seed's bytes; positions are fractions of the length so they fit any seed. */
    record Mutation(int kind, double at, double span, int token) {
        private static final String[] TOKENS = {"4294967297", "-1", "0", "1e309", "-0.0", "NaN", "99999999999999999999999",
                "1.5", "\"x\"", "null", "[]", "{}", "{", "}", "[", "]", ",", ":", "\"", "\n", "\\u0000", "\"ph\":\"E\"",
                "-9223372036854775808", "1e-300", "2147483648", "\u00ff\u00fe", "\"\"", "true"};

        byte[] apply(byte[] in) {
            int n = in.length;
            int pos = (int) Math.min(n, Math.floor(at * (n + 1)));
            int len = (int) Math.max(1, Math.floor(span * Math.min(64, n + 1)));
            ByteArrayOutputStream out = new ByteArrayOutputStream(n + 64);
            switch (kind) {
                case 0 -> { // flip one byte
                    byte[] copy = in.clone();
                    if (n > 0) {
                        copy[Math.min(pos, n - 1)] ^= (byte) (1 << (token % 8));
                    }
                    return copy;
                }
                case 1 -> { // insert a token
                    out.write(in, 0, pos);
                    out.writeBytes(TOKENS[token % TOKENS.length].getBytes(StandardCharsets.ISO_8859_1));
                    out.write(in, pos, n - pos);
                }
                case 2 -> { // delete a range
                    out.write(in, 0, pos);
                    int end = Math.min(n, pos + len);
                    out.write(in, end, n - end);
                }
                case 3 -> { // duplicate a range
                    int end = Math.min(n, pos + len);
                    out.write(in, 0, end);
                    out.write(in, pos, end - pos);
                    out.write(in, end, n - end);
                }
                case 4 -> { // replace the number at or after pos by an extreme value
                    int start = pos;
                    while (start < n && !Character.isDigit(in[start])) {
                        start++;
                    }
                    int end = start;
                    while (end < n && (Character.isDigit(in[end]) || in[end] == '.')) {
                        end++;
                    }
                    out.write(in, 0, start);
                    out.writeBytes(TOKENS[token % 8 == 0 ? 0 : token % TOKENS.length].getBytes(StandardCharsets.ISO_8859_1));
                    out.write(in, end, n - end);
                }
                default -> out.write(in, 0, pos); // truncate
            }
            return out.toByteArray();
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.integers().between(0, 5),
                        Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 1000))
                .as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Property
    void chromeJson(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.CHROME_JSON, mutate(Importer.CHROME_JSON, m));
    }

    @Property
    void chromeGzip(@ForAll("mutations") List<Mutation> m) throws Exception {
        // mutate the compressed bytes half the time and the JSON inside the other half
        boolean inside = m.get(0).token() % 2 == 0;
        byte[] bytes = inside ? gzip(applyAll(seed(Importer.CHROME_JSON), m)) : mutate(Importer.CHROME_GZ, m);
        check(Importer.CHROME_GZ, bytes);
    }

    @Property
    void nsysSqlite(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.NSYS_SQLITE, mutate(Importer.NSYS_SQLITE, m));
    }

    @Property
    void azureCsv(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.AZURE_CSV, mutate(Importer.AZURE_CSV, m));
    }

    @Property
    void burstGptCsv(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.BURSTGPT_CSV, mutate(Importer.BURSTGPT_CSV, m));
    }

    @Property
    void mooncakeJsonl(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.MOONCAKE_JSONL, mutate(Importer.MOONCAKE_JSONL, m));
    }

    @Property
    void startTimeOffsetJsonl(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.OFFSET_JSONL, mutate(Importer.OFFSET_JSONL, m));
    }

    @Property
    void melangeConfig(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.MELANGE_CONFIG, mutate(Importer.MELANGE_CONFIG, m));
    }

    @Property
    void allocatorConfig(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.ALLOCATOR_CONFIG, mutate(Importer.ALLOCATOR_CONFIG, m));
    }

    @Property
    void huggingFaceConfig(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.HF_CONFIG, mutate(Importer.HF_CONFIG, m));
    }

    @Property
    void studyJson(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.STUDY_JSON, mutate(Importer.STUDY_JSON, m));
    }

    @Property
    void clusterFile(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.CLUSTER_FILE, mutate(Importer.CLUSTER_FILE, m));
    }

    @Property
    void vllmBenchServeJson(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.VLLM_BENCH_JSON, mutate(Importer.VLLM_BENCH_JSON, m));
    }

    @Property
    void sglangBenchServingJsonl(@ForAll("mutations") List<Mutation> m) throws Exception {
        check(Importer.SGLANG_BENCH_JSONL, mutate(Importer.SGLANG_BENCH_JSONL, m));
    }

    /** Every input that ever failed, kept as fuzz/regressions/IMPORTER/NAME, must now pass the same checks. */
    @Example
    void keptRegressionInputsPass() throws Exception {
        Path root = Path.of("src", "test", "resources", "io", "fleetwise", "app", "cli", "fuzz", "regressions");
        int replayed = 0;
        for (Importer importer : Importer.values()) {
            Path dir = root.resolve(importer.name().toLowerCase(java.util.Locale.ROOT));
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    check(importer, Files.readAllBytes(file));
                    replayed++;
                }
            }
        }
        assertThat(replayed).as("regression inputs replayed").isPositive();
    }

    @AfterContainer
    static void printCounts() {
        long total = 0;
        long rejected = 0;
        StringBuilder table = new StringBuilder("importer fuzz: importer | inputs | imported | rejected with a placed message\n");
        for (Map.Entry<Importer, AtomicLong[]> e : COUNTS.entrySet()) {
            long n = e.getValue()[0].get();
            long r = e.getValue()[1].get();
            total += n;
            rejected += r;
            table.append(String.format(java.util.Locale.ROOT, "  %-17s %6d %8d %8d%n", e.getKey(), n, n - r, r));
        }
        table.append(String.format(java.util.Locale.ROOT, "  %-17s %6d %8d %8d%n", "ALL", total, total - rejected, rejected));
        System.out.print(table);
    }

    private static synchronized void check(Importer importer, byte[] input) throws Exception {
        Files.createDirectories(WORK);
        Path file = WORK.resolve(BASE + importer.extension);
        Files.deleteIfExists(file);
        Files.write(file, input);
        AtomicLong[] counts = COUNTS.computeIfAbsent(importer, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
        counts[0].incrementAndGet();
        store();
        String before = storeFingerprint();
        try {
            run(importer, file);
        } catch (Throwable t) {
            counts[1].incrementAndGet();
            String line = Cli.describe(t);
            String problem = null;
            if (t instanceof Error && !(t instanceof AssertionError)) {
                problem = "uncaught " + t;
            } else if (line.startsWith("unexpected error")) {
                problem = "reported as a defect: " + line;
            } else if (!line.contains(BASE)) {
                problem = "names no place (file): " + line;
            } else if (line.length() > io.fleetwise.planner.ingest.InputText.MAX_MESSAGE + 20) {
                problem = "message of " + line.length() + " characters";
            } else if (!before.equals(storeFingerprint())) {
                problem = "the trace store changed after a rejection";
            }
            if (problem != null) {
                Path kept = keep(importer, input);
                throw new AssertionError(importer + ": " + problem + " (input kept as " + kept + ")", t);
            }
        }
    }

    static void run(Importer importer, Path file) throws Exception {
        switch (importer) {
            case CHROME_JSON, CHROME_GZ -> new ChromeTraceImporter(store()).importFile(file, "fuzz", null, ProgressListener.NONE);
            case NSYS_SQLITE -> new NsysSqliteImporter(store(), Duration.ofSeconds(10)).importFile(file, "fuzz", null,
                    ProgressListener.NONE);
            case AZURE_CSV, BURSTGPT_CSV, MOONCAKE_JSONL, OFFSET_JSONL -> TraceReaders.read(file, 0, TraceReaders.ALL);
            case MELANGE_CONFIG -> MelangeConfigReader.read(file);
            case ALLOCATOR_CONFIG -> AllocatorInputReader.read(file);
            case HF_CONFIG -> HuggingFaceConfigImporter.importFile(file, null);
            case STUDY_JSON -> StudyJson.read(file, CATALOG);
            case CLUSTER_FILE -> ClusterFiles.read(file, CATALOG);
            case VLLM_BENCH_JSON, SGLANG_BENCH_JSONL -> io.fleetwise.profiler.runs.ServingRunReaders.read(file);
        }
    }

    private static TraceStore store() throws IOException {
        if (store == null) {
            Files.createDirectories(WORK);
            Path db = WORK.resolve("traces.db");
            Files.deleteIfExists(db);
            store = TraceStore.open(db);
        }
        return store;
    }

    /** Row counts of every trace table: a rejected import must leave all of them as they were. */
    private static String storeFingerprint() throws Exception {
        if (store == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + WORK.resolve("traces.db")); Statement st = c.createStatement()) {
            for (String table : List.of("trace", "trace_track", "trace_slice", "trace_instant", "trace_counter", "trace_flow",
                    "trace_string")) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM " + table)) {
                    rs.next();
                    b.append(table).append('=').append(rs.getLong(1)).append('/').append(rs.getLong(2)).append(' ');
                }
            }
        }
        return b.toString();
    }

    private static Path keep(Importer importer, byte[] input) throws Exception {
        Path dir = FAILURES.resolve(importer.name().toLowerCase(java.util.Locale.ROOT));
        Files.createDirectories(dir);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input)).substring(0, 16);
        Path kept = dir.resolve(hash + importer.extension);
        Files.write(kept, input);
        return kept;
    }

    private static byte[] mutate(Importer importer, List<Mutation> mutations) throws Exception {
        return applyAll(seed(importer), mutations);
    }

    private static byte[] applyAll(byte[] seed, List<Mutation> mutations) {
        byte[] bytes = seed;
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        return bytes;
    }

    private static final Map<Importer, byte[]> SEEDS = new EnumMap<>(Importer.class);

    private static synchronized byte[] seed(Importer importer) throws Exception {
        byte[] cached = SEEDS.get(importer);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = switch (importer) {
            case CHROME_GZ -> gzip(resource("chrome.json"));
            case NSYS_SQLITE -> nsysSeed();
            case STUDY_JSON -> StudyJson.toJson(DemoStudy.create(CATALOG)).getBytes(StandardCharsets.UTF_8);
            default -> resource(importer.seed);
        };
        SEEDS.put(importer, bytes);
        return bytes;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ImporterFuzzTest.class.getResourceAsStream("fuzz/seeds/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing seed fuzz/seeds/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** A small Nsight export with the tables and columns the importer reads, CUDA graphs included. */
    private static byte[] nsysSeed() throws Exception {
        Files.createDirectories(WORK);
        Path file = WORK.resolve("nsys-seed.sqlite");
        Files.deleteIfExists(file);
        long globalTid = (4242L << 24) | 4250L;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE StringIds (id INTEGER PRIMARY KEY, value TEXT NOT NULL)");
            st.executeUpdate("INSERT INTO StringIds VALUES (1,'cudaLaunchKernel'),(2,'sgemm'),(3,'cudaGraphLaunch'),(5,'forward')");
            st.executeUpdate("CREATE TABLE CUPTI_ACTIVITY_KIND_RUNTIME (start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, "
                    + "globalTid INTEGER, correlationId INTEGER, nameId INTEGER)");
            st.executeUpdate("INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME VALUES (1000, 1500, " + globalTid + ", 7, 1), (20000, 20400, "
                    + globalTid + ", 9, 3)");
            st.executeUpdate("CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, deviceId INTEGER, "
                    + "streamId INTEGER, correlationId INTEGER, globalPid INTEGER, shortName INTEGER, gridX INTEGER, gridY INTEGER, "
                    + "gridZ INTEGER, blockX INTEGER, blockY INTEGER, blockZ INTEGER)");
            st.executeUpdate("INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (1800, 9800, 0, 7, 7, " + (4242L << 24) + ", 2, 132, 1, 1, 256, 1, 1)");
            st.executeUpdate("CREATE TABLE CUPTI_ACTIVITY_KIND_GRAPH_TRACE (start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, "
                    + "deviceId INTEGER, streamId INTEGER, correlationId INTEGER, globalPid INTEGER, graphId INTEGER)");
            st.executeUpdate("INSERT INTO CUPTI_ACTIVITY_KIND_GRAPH_TRACE VALUES (21000, 35000, 0, 7, 9, " + (4242L << 24) + ", 3)");
            st.executeUpdate("CREATE TABLE NVTX_EVENTS (start INTEGER NOT NULL, \"end\" INTEGER, eventType INTEGER NOT NULL, "
                    + "text TEXT, globalTid INTEGER, textId INTEGER)");
            st.executeUpdate("INSERT INTO NVTX_EVENTS VALUES (500, 3000, 59, NULL, " + globalTid + ", 5)");
        }
        return Files.readAllBytes(file);
    }

    static byte[] seedBytes(Importer importer) throws Exception {
        return seed(importer);
    }
}
