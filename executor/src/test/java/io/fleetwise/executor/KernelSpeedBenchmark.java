package io.fleetwise.executor;

import io.fleetwise.executor.device.AttentionShape;
import io.fleetwise.executor.device.CudaDevice;
import io.fleetwise.executor.device.DeviceDiscovery;
import io.fleetwise.executor.device.ElementType;
import io.fleetwise.executor.device.EventTimer;
import io.fleetwise.executor.device.Tensor;
import io.fleetwise.planner.catalog.Catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the kernel library on GPU 0 with the cases and method of scripts/speed-table.py (PyTorch):
 * Llama-3-8B GEMM shapes at M = 1 .. 4096, decode attention over a paged cache, causal prefill
 * attention; mean of 20 timed runs after 3 warm-ups, CUDA events. Prints shape, ours, PyTorch, ratio.
 *
 * <pre>
 * java ... io.fleetwise.executor.KernelSpeedBenchmark [pytorch.csv] [table.md]
 * </pre>
 * scripts/gpu-check.sh runs both halves on a CUDA machine.
 */
public final class KernelSpeedBenchmark {
    private static final int WARMUP = 3;
    private static final int RUNS = 20;

    record Result(String caseName, double ms, double tflops, double gbps) {
    }

    private KernelSpeedBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        DeviceDiscovery.Result found = DeviceDiscovery.discover(Catalog.builtIn());
        if (!found.cudaAvailable()) {
            System.err.println("KernelSpeedBenchmark needs a GPU: " + found.cudaUnavailableReason());
            System.exit(2);
        }
        Map<String, Result> torch = args.length > 0 ? readPytorch(Path.of(args[0])) : Map.of();
        List<Result> ours = new ArrayList<>();
        try (CudaDevice gpu = CudaDevice.open(found.gpus().get(0))) {
            System.out.println("# " + gpu.info().summary() + ", PTX " + gpu.ptxArch());
            int[][] gemms = {{4096, 6144}, {4096, 4096}, {4096, 28672}, {14336, 4096}};
            String[] names = {"qkv", "o", "gate_up", "down"};
            for (int m : new int[] {1, 16, 64, 256, 1024, 4096}) {
                for (int g = 0; g < gemms.length; g++) {
                    ours.add(gemm(gpu, "gemm_bf16_" + names[g] + "_M" + m, m, gemms[g][1], gemms[g][0]));
                }
            }
            ours.add(decode(gpu, 64, 2048));
            ours.add(prefill(gpu, 2048));
            ours.add(decode(gpu, 16, 8192));
            ours.add(prefill(gpu, 8192));
        }
        StringBuilder table = new StringBuilder();
        table.append("| case | ours ms | ours TFLOP/s | ours GB/s | PyTorch ms | ratio (PyTorch time / ours) |\n");
        table.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Result r : ours) {
            Result t = torch.get(r.caseName());
            table.append(String.format(Locale.ROOT, "| %s | %.4f | %.1f | %.0f | %s | %s |%n", r.caseName(), r.ms(), r.tflops(), r.gbps(),
                    t == null ? "-" : String.format(Locale.ROOT, "%.4f", t.ms()),
                    t == null ? "-" : String.format(Locale.ROOT, "%.2f", t.ms() / r.ms())));
        }
        System.out.print(table);
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), table.toString());
            System.out.println("table written to " + args[1]);
        }
    }

    private static Map<String, Result> readPytorch(Path csv) throws IOException {
        Map<String, Result> out = new HashMap<>();
        if (!Files.exists(csv)) {
            System.err.println("No PyTorch results at " + csv + "; the ratio column stays empty (run scripts/speed-table.py)");
            return out;
        }
        List<String> lines = Files.readAllLines(csv);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length < 4) {
                throw new IOException(csv + " line " + (i + 1) + ": expected case,ms,tflops,gbps, got '" + lines.get(i) + "'");
            }
            out.put(f[0], new Result(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
        }
        return out;
    }

    private static double meanMs(CudaDevice gpu, Runnable op) {
        for (int i = 0; i < WARMUP; i++) {
            op.run();
        }
        gpu.synchronize();
        try (EventTimer timer = gpu.newEventTimer()) {
            timer.mark();
            for (int i = 0; i < RUNS; i++) {
                op.run();
                timer.mark();
            }
            long total = 0;
            for (long ns : timer.intervalsNs()) {
                total += ns;
            }
            return total / 1e6 / RUNS;
        }
    }

    private static Tensor filled(CudaDevice gpu, String name, int rows, int cols, int seed) {
        Tensor t = gpu.allocate(name, ElementType.BF16, rows, cols);
        gpu.fillSynthetic(t, seed, 0.5f);
        return t;
    }

    static Result gemm(CudaDevice gpu, String name, int m, int n, int k) {
        Tensor a = filled(gpu, "a", m, k, 1), w = filled(gpu, "w", n, k, 2), c = gpu.allocate("c", ElementType.BF16, m, n);
        double ms = meanMs(gpu, () -> gpu.gemm(a, w, c));
        gpu.free(a);
        gpu.free(w);
        gpu.free(c);
        double flops = 2.0 * m * n * k, bytes = 2.0 * ((double) m * k + (double) n * k + (double) m * n);
        return new Result(name, ms, flops / ms / 1e9, bytes / ms / 1e6);
    }

    /** 32 query and 32 KV heads of 128, contiguous block tables over a paged cache (block 16). */
    static Result decode(CudaDevice gpu, int batch, int context) {
        int heads = 32, d = 128, bs = 16, blocks = context / bs;
        Tensor kc = filled(gpu, "k", batch * context, heads * d, 3), vc = filled(gpu, "v", batch * context, heads * d, 4);
        Tensor q = filled(gpu, "q", batch, heads * d, 5), out = gpu.allocate("o", ElementType.BF16, batch, heads * d);
        int[] tables = new int[batch * blocks];
        int[] lens = new int[batch];
        for (int b = 0; b < batch; b++) {
            lens[b] = context;
            for (int i = 0; i < blocks; i++) {
                tables[b * blocks + i] = b * blocks + i;
            }
        }
        Tensor tt = gpu.allocate("tables", ElementType.I32, batch, blocks), lt = gpu.allocate("lens", ElementType.I32, 1, batch);
        gpu.uploadInts(tt, tables);
        gpu.uploadInts(lt, lens);
        AttentionShape shape = AttentionShape.of(heads, heads, d);
        double ms = meanMs(gpu, () -> gpu.decodeAttention(q, kc, vc, tt, bs, lt, context, out, shape));
        for (Tensor t : List.of(kc, vc, q, out, tt, lt)) {
            gpu.free(t);
        }
        double bytes = 2.0 * batch * context * heads * d * 2;
        double flops = 4.0 * batch * context * heads * d;
        return new Result("decode_attn_B" + batch + "_L" + context, ms, flops / ms / 1e9, bytes / ms / 1e6);
    }

    /** One sequence of L tokens, 32 heads of 128, causal (FLOPs counted causal-halved). */
    static Result prefill(CudaDevice gpu, int tokens) {
        int heads = 32, d = 128, bs = 16, blocks = tokens / bs;
        Tensor kc = filled(gpu, "k", tokens, heads * d, 6), vc = filled(gpu, "v", tokens, heads * d, 7);
        Tensor q = filled(gpu, "q", tokens, heads * d, 8), out = gpu.allocate("o", ElementType.BF16, tokens, heads * d);
        int[] table = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            table[i] = i;
        }
        Tensor tt = gpu.allocate("table", ElementType.I32, 1, blocks);
        gpu.uploadInts(tt, table);
        AttentionShape shape = AttentionShape.of(heads, heads, d);
        double ms = meanMs(gpu, () -> gpu.prefillAttention(q, kc, vc, tt, bs, 0, out, shape));
        for (Tensor t : List.of(kc, vc, q, out, tt)) {
            gpu.free(t);
        }
        double flops = 2.0 * tokens * (double) tokens * heads * d;
        return new Result("prefill_attn_L" + tokens, ms, flops / ms / 1e9, 0);
    }
}
