package io.fleetwise.planner.workload;

import java.util.Arrays;
import java.util.Objects;

/**
 * Requests in arrival order, column-wise (one entry per request in each array). Arrays are copied in and never
 * exposed, so a trace is immutable. {@code prefixHashes} (optional, may be null) holds per request the ids of its
 * prompt's prefix blocks of {@code hashBlockTokens} tokens each (Mooncake's hash_ids); equal leading ids mean a
 * shared, cacheable prefix.
 */
public final class RequestTrace {
    private final String name;
    private final long[] arrivalNs;
    private final int[] inputTokens;
    private final int[] outputTokens;
    private final int[][] prefixHashes;
    private final int hashBlockTokens;
    private io.fleetwise.planner.ingest.ImportReport importReport;

    public RequestTrace(String name, long[] arrivalNs, int[] inputTokens, int[] outputTokens, int[][] prefixHashes,
                        int hashBlockTokens) {
        this.name = Objects.requireNonNull(name, "name");
        int n = arrivalNs.length;
        if (inputTokens.length != n || outputTokens.length != n || (prefixHashes != null && prefixHashes.length != n)) {
            throw new IllegalArgumentException("RequestTrace " + name + ": column lengths differ (" + n + ", "
                    + inputTokens.length + ", " + outputTokens.length + ")");
        }
        for (int i = 0; i < n; i++) {
            if (i > 0 && arrivalNs[i] < arrivalNs[i - 1]) {
                throw new IllegalArgumentException("RequestTrace " + name + ": request " + i + " arrives at "
                        + arrivalNs[i] + " ns, before request " + (i - 1) + " (" + arrivalNs[i - 1] + " ns). Sort by arrival first.");
            }
            if (inputTokens[i] < 1 || outputTokens[i] < 1) {
                throw new IllegalArgumentException("RequestTrace " + name + ": request " + i + " needs >= 1 input and output token, has "
                        + inputTokens[i] + " and " + outputTokens[i]);
            }
        }
        this.arrivalNs = arrivalNs.clone();
        this.inputTokens = inputTokens.clone();
        this.outputTokens = outputTokens.clone();
        this.prefixHashes = prefixHashes == null ? null : prefixHashes.clone();
        this.hashBlockTokens = hashBlockTokens;
    }

    public RequestTrace(String name, long[] arrivalNs, int[] inputTokens, int[] outputTokens) {
        this(name, arrivalNs, inputTokens, outputTokens, null, 0);
    }

    public String name() {
        return name;
    }

    public int size() {
        return arrivalNs.length;
    }

    public long arrivalNs(int i) {
        return arrivalNs[i];
    }

    public int inputTokens(int i) {
        return inputTokens[i];
    }

    public int outputTokens(int i) {
        return outputTokens[i];
    }

    public boolean hasPrefixHashes() {
        return prefixHashes != null;
    }

    /** Prefix block ids of request i (empty when the trace has none). */
    public int[] prefixHashes(int i) {
        return prefixHashes == null || prefixHashes[i] == null ? new int[0] : prefixHashes[i].clone();
    }

    int[] prefixHashesUnsafe(int i) {
        return prefixHashes == null ? null : prefixHashes[i];
    }

    public int hashBlockTokens() {
        return hashBlockTokens;
    }

    /** What the reader that made this trace accepted, repaired and skipped; all accepted for generated traces. */
    public io.fleetwise.planner.ingest.ImportReport importReport() {
        return importReport != null ? importReport : io.fleetwise.planner.ingest.ImportReport.acceptedAll(size());
    }

    /** The same requests with the report of the file they were read from. */
    public RequestTrace withImportReport(io.fleetwise.planner.ingest.ImportReport report) {
        RequestTrace copy = new RequestTrace(name, arrivalNs, inputTokens, outputTokens, prefixHashes, hashBlockTokens);
        copy.importReport = report;
        return copy;
    }

    /** Time from the first to the last arrival. */
    public long spanNs() {
        return size() == 0 ? 0 : arrivalNs[size() - 1] - arrivalNs[0];
    }

    public double meanRatePerS() {
        return size() < 2 ? 0 : (size() - 1) / (spanNs() * 1e-9);
    }

    public long totalInputTokens() {
        return Arrays.stream(inputTokens).asLongStream().sum();
    }

    public long totalOutputTokens() {
        return Arrays.stream(outputTokens).asLongStream().sum();
    }

    /** The same requests arriving {@code factor} times as fast (inter-arrival gaps divided by factor), starting at 0. */
    public RequestTrace scaledRate(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("Rate scale factor must be > 0, was " + factor);
        }
        long[] a = new long[size()];
        long t0 = size() == 0 ? 0 : arrivalNs[0];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.round((arrivalNs[i] - t0) / factor);
        }
        return new RequestTrace(name + " x" + factor, a, inputTokens, outputTokens, prefixHashes, hashBlockTokens);
    }

    /** Requests arriving in [startNs, endNs), re-based to start at 0. */
    public RequestTrace window(long startNs, long endNs) {
        int from = 0;
        while (from < size() && arrivalNs[from] < startNs) {
            from++;
        }
        int to = from;
        while (to < size() && arrivalNs[to] < endNs) {
            to++;
        }
        long[] a = new long[to - from];
        for (int i = 0; i < a.length; i++) {
            a[i] = arrivalNs[from + i] - startNs;
        }
        return new RequestTrace(name + " [" + startNs + "," + endNs + ")", a,
                Arrays.copyOfRange(inputTokens, from, to), Arrays.copyOfRange(outputTokens, from, to),
                prefixHashes == null ? null : Arrays.copyOfRange(prefixHashes, from, to), hashBlockTokens);
    }

    /** The first n requests, times unchanged. */
    public RequestTrace head(int n) {
        int m = Math.max(0, Math.min(n, size()));
        return new RequestTrace(name, Arrays.copyOf(arrivalNs, m), Arrays.copyOf(inputTokens, m),
                Arrays.copyOf(outputTokens, m), prefixHashes == null ? null : Arrays.copyOf(prefixHashes, m), hashBlockTokens);
    }
}
