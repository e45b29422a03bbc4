package io.fleetwise.executor.device;

import io.fleetwise.executor.kernels.Bf16;
import io.fleetwise.executor.kernels.PtxLibrary;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GPU through JCuda's driver API: a context, one stream, the kernel library loaded from the
 * committed PTX with cuModuleLoadData. Errors come back as {@link DeviceException} naming the call
 * and the CUDA error; {@link #close()} frees everything and destroys the context, so a failed run
 * leaves the application running.
 */
public final class CudaDevice implements ComputeDevice {
    private static final int GEMV_MAX_M = 16;
    private static final int GEMV_ROWS_PER_BLOCK = 4;
    private static final int TC_TILE = 128;
    private static final int SIMT_TILE = 64;
    private static final int PREFILL_QUERIES_PER_BLOCK = 16;
    private static final int DEFAULT_SMEM_LIMIT = 48 * 1024;
    /** Dynamic shared memory of the tensor-core GEMM tile: 3 stages x (A + B) x 128 x 40 bf16 (gemm.cu TC_SMEM_BYTES). */
    static final int TC_SMEM_BYTES = 3 * 2 * 128 * 40 * 2;

    private final DeviceInfo info;
    private final CUcontext context;
    private final CUstream stream;
    private final String arch;
    private final List<CUmodule> modules = new ArrayList<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final Map<Tensor, Long> live = new IdentityHashMap<>();
    private final Map<String, Scratch> scratch = new HashMap<>();
    private final Map<String, Integer> sharedOptIn = new HashMap<>();
    private boolean closed;
    private boolean tensorCoresAllowed = true;

    private static final class Scratch {
        CUdeviceptr ptr;
        long bytes;
    }

    private CudaDevice(DeviceInfo info, CUcontext context, CUstream stream, String arch) {
        this.info = info;
        this.context = context;
        this.stream = stream;
        this.arch = arch;
    }

    /** Creates a context on the device and loads the kernel library; releases the context if that fails. */
    public static CudaDevice open(DeviceInfo info) {
        String arch = PtxLibrary.archFor(info.computeMajor(), info.computeMinor());
        if (arch == null) {
            throw new DeviceException(info.name() + " has compute capability " + info.computeCapability()
                    + "; the kernel library needs 7.5 or newer (CUDA 13 PTX)");
        }
        PrivateNativeLibraries.loadJCudaDriver();
        CUdevice dev = new CUdevice();
        CudaDriverProbe.check(JCudaDriver.cuInit(0), "cuInit");
        CudaDriverProbe.check(JCudaDriver.cuDeviceGet(dev, info.index()), "cuDeviceGet");
        CUcontext ctx = new CUcontext();
        CudaDriverProbe.check(JCudaDriver.cuCtxCreate(ctx, 0, dev), "cuCtxCreate");
        CudaDevice device = null;
        try {
            CUstream stream = new CUstream();
            CudaDriverProbe.check(JCudaDriver.cuStreamCreate(stream, 0), "cuStreamCreate");
            device = new CudaDevice(info, ctx, stream, arch);
            device.loadModules();
            return device;
        } catch (RuntimeException e) {
            if (device != null) {
                device.close();
            } else {
                JCudaDriver.cuCtxDestroy(ctx);
            }
            throw e;
        }
    }

    private void loadModules() {
        for (String name : PtxLibrary.MODULES) {
            CUmodule module = new CUmodule();
            int r = JCudaDriver.cuModuleLoadData(module, PtxLibrary.load(name, arch));
            if (r == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
                throw new DeviceException("The driver (CUDA " + info.driverVersionText() + ") cannot read the kernel library's PTX "
                        + "(built by nvcc 13, PTX ISA 9.0): update the NVIDIA driver to R580 or newer");
            }
            CudaDriverProbe.check(r, "cuModuleLoadData(" + PtxLibrary.resourceName(name, arch) + ")");
            modules.add(module);
        }
    }

    /** Lets tests and benchmarks run the CUDA-core GEMM fallback on a GPU that has tensor cores. */
    public void setTensorCoresAllowed(boolean allowed) {
        this.tensorCoresAllowed = allowed;
    }

    private boolean tensorCores() {
        return tensorCoresAllowed && info.hasBf16TensorCores();
    }

    /** The PTX architecture loaded: compute_80 (tensor cores) or compute_75 (CUDA-core GEMM). */
    public String ptxArch() {
        return arch;
    }

    private CUfunction function(String name) {
        CUfunction f = functions.get(name);
        if (f == null) {
            for (CUmodule m : modules) {
                CUfunction candidate = new CUfunction();
                if (JCudaDriver.cuModuleGetFunction(candidate, m, name) == CUresult.CUDA_SUCCESS) {
                    f = candidate;
                    break;
                }
            }
            if (f == null) {
                throw new DeviceException("Kernel " + name + " is not in the loaded PTX (" + arch + ")");
            }
            functions.put(name, f);
        }
        return f;
    }

    private void bind() {
        if (closed) {
            throw new DeviceException("GPU " + info.index() + " (" + info.name() + ") was closed");
        }
        CudaDriverProbe.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    private void launch(String kernel, int gx, int gy, int gz, int block, int sharedBytes, Object... args) {
        if (gx <= 0 || gy <= 0 || gz <= 0) {
            return; // nothing to compute
        }
        bind();
        CUfunction f = function(kernel);
        if (sharedBytes > DEFAULT_SMEM_LIMIT && sharedOptIn.getOrDefault(kernel, 0) < sharedBytes) {
            sharedOptIn.put(kernel, sharedBytes);
            CudaDriverProbe.check(JCudaDriver.cuFuncSetAttribute(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                    sharedBytes), "cuFuncSetAttribute(" + kernel + ", " + sharedBytes + " bytes shared)");
        }
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Tensor) {
                params[i] = Pointer.to(ptr((Tensor) a));
            } else if (a instanceof CUdeviceptr) {
                params[i] = Pointer.to((CUdeviceptr) a);
            } else if (a instanceof Integer) {
                params[i] = Pointer.to(new int[] {(Integer) a});
            } else if (a instanceof Long) {
                params[i] = Pointer.to(new long[] {(Long) a});
            } else if (a instanceof Float) {
                params[i] = Pointer.to(new float[] {(Float) a});
            } else {
                throw new IllegalArgumentException("Kernel argument " + i + " of " + kernel + " has unsupported type " + a);
            }
        }
        int r = JCudaDriver.cuLaunchKernel(f, gx, gy, gz, block, 1, 1, sharedBytes, stream, Pointer.to(params), null);
        if (r != CUresult.CUDA_SUCCESS) {
            throw new DeviceException("Launch of " + kernel + " (grid " + gx + "x" + gy + "x" + gz + ", block " + block
                    + ", shared " + sharedBytes + " B) failed: " + CUresult.stringFor(r));
        }
    }

    private CUdeviceptr ptr(Tensor t) {
        if (t.device() != this) {
            throw new IllegalArgumentException(t + " belongs to another device");
        }
        return ((CUdeviceptr) t.storage()).withByteOffset(t.offset() * t.type().bytes());
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public long freeMemoryBytes() {
        bind();
        long[] free = new long[1];
        long[] total = new long[1];
        CudaDriverProbe.check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
        return free[0];
    }

    @Override
    public Tensor allocate(String name, ElementType type, int rows, int cols) {
        bind();
        long bytes = Math.max(1L, (long) rows * cols * type.bytes());
        CUdeviceptr p = new CUdeviceptr();
        int r = JCudaDriver.cuMemAlloc(p, bytes);
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            throw new InsufficientDeviceMemoryException("Tensor " + name + " [" + rows + "x" + cols + " " + type.label() + "] on " + info.name(),
                    bytes, freeMemoryBytes());
        }
        CudaDriverProbe.check(r, "cuMemAlloc(" + bytes + " bytes for " + name + ")");
        Tensor t = new Tensor(this, p, name, type, rows, cols, cols, 0);
        live.put(t, bytes);
        return t;
    }

    @Override
    public void free(Tensor tensor) {
        if (live.remove(tensor) != null && !closed) {
            bind();
            JCudaDriver.cuMemFree((CUdeviceptr) tensor.storage());
        }
    }

    private CUdeviceptr scratch(String purpose, long bytes) {
        Scratch s = scratch.computeIfAbsent(purpose, k -> new Scratch());
        if (s.bytes < bytes) {
            synchronize();
            if (s.ptr != null) {
                JCudaDriver.cuMemFree(s.ptr);
            }
            s.ptr = new CUdeviceptr();
            int r = JCudaDriver.cuMemAlloc(s.ptr, bytes);
            if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
                s.ptr = null;
                s.bytes = 0;
                throw new InsufficientDeviceMemoryException("Scratch for " + purpose, bytes, freeMemoryBytes());
            }
            CudaDriverProbe.check(r, "cuMemAlloc(scratch " + purpose + ")");
            s.bytes = bytes;
        }
        return s.ptr;
    }

    private void copyIn(Tensor t, Pointer host, long hostStrideBytes) {
        bind();
        long rowBytes = (long) t.cols() * t.type().bytes();
        if (t.isContiguous()) {
            CudaDriverProbe.check(JCudaDriver.cuMemcpyHtoD(ptr(t), host, rowBytes * t.rows()), "cuMemcpyHtoD(" + t.name() + ")");
            return;
        }
        for (int r = 0; r < t.rows(); r++) {
            CUdeviceptr dst = ptr(t).withByteOffset((long) r * t.rowStride() * t.type().bytes());
            CudaDriverProbe.check(JCudaDriver.cuMemcpyHtoD(dst, host.withByteOffset(r * hostStrideBytes), rowBytes), "cuMemcpyHtoD(" + t.name() + ")");
        }
    }

    private void copyOut(Tensor t, Pointer host) {
        synchronize();
        long rowBytes = (long) t.cols() * t.type().bytes();
        if (t.isContiguous()) {
            CudaDriverProbe.check(JCudaDriver.cuMemcpyDtoH(host, ptr(t), rowBytes * t.rows()), "cuMemcpyDtoH(" + t.name() + ")");
            return;
        }
        for (int r = 0; r < t.rows(); r++) {
            CUdeviceptr src = ptr(t).withByteOffset((long) r * t.rowStride() * t.type().bytes());
            CudaDriverProbe.check(JCudaDriver.cuMemcpyDtoH(host.withByteOffset(r * rowBytes), src, rowBytes), "cuMemcpyDtoH(" + t.name() + ")");
        }
    }

    @Override
    public void upload(Tensor t, float[] values) {
        check(values.length == t.elements(), "upload to " + t + ": " + values.length + " values for " + t.elements() + " elements");
        if (t.type() == ElementType.BF16) {
            short[] bits = new short[values.length];
            for (int i = 0; i < values.length; i++) {
                bits[i] = Bf16.bits(values[i]);
            }
            copyIn(t, Pointer.to(bits), 2L * t.cols());
        } else if (t.type() == ElementType.F32) {
            copyIn(t, Pointer.to(values), 4L * t.cols());
        } else {
            throw new IllegalArgumentException(t + " holds integers; use uploadInts");
        }
    }

    @Override
    public void uploadInts(Tensor t, int[] values) {
        check(t.type() == ElementType.I32 && values.length == t.elements(), "uploadInts to " + t + ": " + values.length + " values");
        copyIn(t, Pointer.to(values), 4L * t.cols());
    }

    @Override
    public float[] download(Tensor t) {
        float[] out = new float[(int) t.elements()];
        if (t.type() == ElementType.BF16) {
            short[] bits = new short[out.length];
            copyOut(t, Pointer.to(bits));
            for (int i = 0; i < out.length; i++) {
                out[i] = Bf16.value(bits[i]);
            }
        } else if (t.type() == ElementType.F32) {
            copyOut(t, Pointer.to(out));
        } else {
            throw new IllegalArgumentException(t + " holds integers; use downloadInts");
        }
        return out;
    }

    @Override
    public int[] downloadInts(Tensor t) {
        check(t.type() == ElementType.I32, t + " holds floats; use download");
        int[] out = new int[(int) t.elements()];
        copyOut(t, Pointer.to(out));
        return out;
    }

    private static int gridFor(long elements) {
        return (int) Math.max(1, Math.min((elements + 255) / 256, 1 << 20));
    }

    @Override
    public void fillSynthetic(Tensor t, int seed, float scale) {
        check(t.isContiguous() && t.type() == ElementType.BF16, "fillSynthetic needs a contiguous bf16 tensor, got " + t);
        launch("fill_uniform_bf16", gridFor(t.elements()), 1, 1, 256, 0, t, t.elements(), seed, scale);
    }

    private static boolean vectorAligned(Tensor t) {
        return t.rowStride() % 8 == 0 && t.offset() % 8 == 0;
    }

    @Override
    public void gemm(Tensor a, Tensor w, Tensor c) {
        check(a.cols() == w.cols() && c.rows() == a.rows() && c.cols() == w.rows() && w.isContiguous(),
                "gemm shapes: a " + a + ", w " + w + ", c " + c + " (need a[M,K], contiguous w[N,K], c[M,N])");
        int m = a.rows(), n = w.rows(), k = a.cols();
        boolean aligned = k % 8 == 0 && vectorAligned(a);
        if (m <= GEMV_MAX_M && aligned) {
            launch("gemv_bf16", (n + GEMV_ROWS_PER_BLOCK - 1) / GEMV_ROWS_PER_BLOCK, 1, 1, 128, 0, a, a.rowStride(), w, c, c.rowStride(), m, n, k);
        } else if (tensorCores() && aligned) {
            launch("gemm_bf16_tc", (n + TC_TILE - 1) / TC_TILE, (m + TC_TILE - 1) / TC_TILE, 1, 256, TC_SMEM_BYTES, a, a.rowStride(), w, c, c.rowStride(), m, n, k);
        } else {
            launch("gemm_bf16_simt", (n + SIMT_TILE - 1) / SIMT_TILE, (m + SIMT_TILE - 1) / SIMT_TILE, 1, 256, 0, a, a.rowStride(), w, c, c.rowStride(), m, n, k);
        }
    }

    @Override
    public void groupedGemm(Tensor a, Tensor w, int[] offsets, Tensor c) {
        int experts = offsets.length - 1;
        check(experts > 0 && offsets[0] == 0 && offsets[experts] == a.rows(), "groupedGemm: expert row offsets must run 0.." + a.rows());
        check(w.rows() % experts == 0 && w.rows() / experts == c.cols() && w.cols() == a.cols() && c.rows() == a.rows() && w.isContiguous(),
                "groupedGemm shapes: a " + a + ", w " + w + " (" + experts + " experts), c " + c);
        boolean tc = tensorCores() && a.cols() % 8 == 0 && vectorAligned(a);
        int tile = tc ? TC_TILE : SIMT_TILE;
        List<int[]> tiles = new ArrayList<>();
        for (int e = 0; e < experts; e++) {
            check(offsets[e + 1] >= offsets[e], "groupedGemm: offsets must not decrease (expert " + e + ")");
            for (int first = offsets[e]; first < offsets[e + 1]; first += tile) {
                tiles.add(new int[] {e, first, Math.min(tile, offsets[e + 1] - first)});
            }
        }
        if (tiles.isEmpty()) {
            return;
        }
        int[] table = new int[tiles.size() * 3];
        for (int i = 0; i < tiles.size(); i++) {
            System.arraycopy(tiles.get(i), 0, table, 3 * i, 3);
        }
        CUdeviceptr dTable = scratch("grouped-gemm tiles", 4L * table.length);
        bind();
        CudaDriverProbe.check(JCudaDriver.cuMemcpyHtoD(dTable, Pointer.to(table), 4L * table.length), "cuMemcpyHtoD(tile table)");
        int n = c.cols();
        launch(tc ? "grouped_gemm_bf16_tc" : "grouped_gemm_bf16_simt", (n + tile - 1) / tile, tiles.size(), 1, 256, tc ? TC_SMEM_BYTES : 0,
                a, a.rowStride(), w, c, c.rowStride(), dTable, n, a.cols());
    }

    @Override
    public void rmsNorm(Tensor x, Tensor gamma, Tensor out, float eps) {
        check(gamma.cols() == x.cols() && out.rows() == x.rows() && out.cols() == x.cols(), "rmsNorm shapes: " + x + ", " + gamma + ", " + out);
        launch("rmsnorm_bf16", x.rows(), 1, 1, 256, 0, x, x.rowStride(), gamma, out, out.rowStride(), x.cols(), eps);
    }

    @Override
    public void rope(Tensor x, Tensor positions, int heads, int headDim, float theta) {
        check(x.cols() == heads * headDim && positions.elements() == x.rows() && headDim % 2 == 0,
                "rope shapes: " + x + " for " + heads + " heads of " + headDim + ", positions " + positions);
        launch("rope_bf16", x.rows(), 1, 1, 128, 0, x, x.rowStride(), positions, heads, headDim, theta);
    }

    @Override
    public void siluMul(Tensor gateUp, Tensor out) {
        check(gateUp.cols() == 2 * out.cols() && gateUp.rows() == out.rows(), "siluMul shapes: " + gateUp + " -> " + out);
        launch("silu_mul_bf16", gridFor(out.elements()), 1, 1, 256, 0, gateUp, gateUp.rowStride(), out, out.rowStride(), out.rows(), out.cols());
    }

    /** Peers this context may read from directly (cuCtxEnablePeerAccess succeeded). */
    private final java.util.Set<CudaDevice> peers = java.util.Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());

    /**
     * Lets this GPU's copies read {@code other}'s memory directly when the hardware allows it (NVLink or PCIe P2P);
     * returns whether it does. Without it {@link #copyFrom} stages through host memory.
     */
    public boolean enablePeerAccess(CudaDevice other) {
        if (other == this || peers.contains(other)) {
            return true;
        }
        CUdevice mine = new CUdevice();
        CUdevice theirs = new CUdevice();
        CudaDriverProbe.check(JCudaDriver.cuDeviceGet(mine, info.index()), "cuDeviceGet");
        CudaDriverProbe.check(JCudaDriver.cuDeviceGet(theirs, other.info.index()), "cuDeviceGet");
        int[] can = new int[1];
        CudaDriverProbe.check(JCudaDriver.cuDeviceCanAccessPeer(can, mine, theirs), "cuDeviceCanAccessPeer");
        if (can[0] == 0) {
            return false;
        }
        bind();
        int r = JCudaDriver.cuCtxEnablePeerAccess(other.context, 0);
        if (r != CUresult.CUDA_SUCCESS && r != CUresult.CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED) {
            return false;
        }
        peers.add(other);
        return true;
    }

    @Override
    public void copyFrom(Tensor src, Tensor dst) {
        check(src.isContiguous() && dst.isContiguous() && src.type() == dst.type() && src.elements() == dst.elements(),
                "copyFrom needs contiguous tensors of one type and size: " + src + " -> " + dst);
        long bytes = dst.elements() * dst.type().bytes();
        if (src.device() == this) {
            bind();
            CudaDriverProbe.check(JCudaDriver.cuMemcpyDtoDAsync(ptr(dst), ptr(src), bytes, stream), "cuMemcpyDtoDAsync(" + dst.name() + ")");
        } else if (src.device() instanceof CudaDevice other && peers.contains(other)) {
            bind();
            CudaDriverProbe.check(JCudaDriver.cuMemcpyPeerAsync(ptr(dst), context, other.ptr(src), other.context, bytes, stream),
                    "cuMemcpyPeerAsync(" + src.name() + " on GPU " + other.info.index() + " -> " + dst.name() + " on GPU " + info.index() + ")");
        } else if (src.type() == ElementType.I32) {
            uploadInts(dst, src.device().downloadInts(src));
        } else {
            // Staged through the host as raw bf16/f32 bits, so nothing is rounded on the way.
            byte[] host = new byte[(int) bytes];
            if (src.device() instanceof CudaDevice other) {
                other.copyOut(src, Pointer.to(host));
                synchronize();
                copyIn(dst, Pointer.to(host), (long) dst.cols() * dst.type().bytes());
            } else {
                upload(dst, src.device().download(src));
            }
        }
    }

    @Override
    public void residualAdd(Tensor x, Tensor r) {
        check(x.rows() == r.rows() && x.cols() == r.cols(), "residualAdd shapes: " + x + " += " + r);
        launch("residual_add_bf16", gridFor(x.elements()), 1, 1, 256, 0, x, x.rowStride(), r, r.rowStride(), x.rows(), x.cols());
    }

    @Override
    public void kvAppend(Tensor k, Tensor v, Tensor kCache, Tensor vCache, Tensor slots) {
        check(k.cols() == kCache.cols() && v.cols() == vCache.cols() && k.rows() == v.rows() && slots.elements() == k.rows()
                        && kCache.isContiguous() && vCache.isContiguous(),
                "kvAppend shapes: k " + k + ", v " + v + ", caches " + kCache + ", slots " + slots);
        launch("kv_append_bf16", gridFor(k.elements()), 1, 1, 256, 0, k, k.rowStride(), v, v.rowStride(), kCache, vCache, slots, k.rows(), k.cols());
    }

    @Override
    public void prefillAttention(Tensor q, Tensor kCache, Tensor vCache, Tensor blockTable, int blockSize, int context,
                                 Tensor out, AttentionShape s) {
        check(q.cols() == s.qHeads() * s.headDim() && out.cols() == q.cols() && out.rows() == q.rows()
                        && kCache.cols() == s.kvHeads() * s.headDim() && (long) blockTable.cols() * blockSize >= context + q.rows(),
                "prefillAttention shapes: q " + q + ", out " + out + ", cache " + kCache + ", " + blockTable.cols() + " blocks of " + blockSize
                        + " for " + (context + q.rows()) + " tokens");
        int d = s.headDim();
        int smem = PREFILL_QUERIES_PER_BLOCK * d * 4 + 32 * (d + 2) * 2 + 32 * d * 2;
        launch("prefill_attention_bf16", (q.rows() + PREFILL_QUERIES_PER_BLOCK - 1) / PREFILL_QUERIES_PER_BLOCK, s.qHeads(), 1, 128, smem,
                q, q.rowStride(), kCache, vCache, blockTable, blockSize, out, out.rowStride(), q.rows(), context,
                s.qHeads(), s.kvHeads(), d, s.scale());
    }

    /** Tokens per split of the context so that batch x head groups x splits fills the GPU about twice. */
    static int splitTokens(int maxContext, int batch, int headGroups, int multiprocessors) {
        int wanted = Math.max(1, (2 * Math.max(1, multiprocessors) + batch * headGroups - 1) / (batch * headGroups));
        int perSplit = (maxContext + wanted - 1) / wanted;
        return Math.max(256, perSplit);
    }

    @Override
    public void decodeAttention(Tensor q, Tensor kCache, Tensor vCache, Tensor blockTables, int blockSize, Tensor contextLens,
                                int maxContext, Tensor out, AttentionShape s) {
        int batch = q.rows();
        check(q.cols() == s.qHeads() * s.headDim() && out.rows() == batch && out.cols() == q.cols() && blockTables.rows() == batch
                        && contextLens.elements() == batch && kCache.cols() == s.kvHeads() * s.headDim() && blockTables.isContiguous(),
                "decodeAttention shapes: q " + q + ", out " + out + ", tables " + blockTables + ", lens " + contextLens + ", cache " + kCache);
        check((long) blockTables.cols() * blockSize >= maxContext, "decodeAttention: block tables of " + blockTables.cols() + " blocks of "
                + blockSize + " cannot hold maxContext " + maxContext);
        int group = s.groupSize();
        int headsPerBlock = group % 4 == 0 ? 4 : group % 2 == 0 ? 2 : 1;
        int headGroups = s.qHeads() / headsPerBlock;
        int splitTokens = splitTokens(maxContext, batch, headGroups, info.multiprocessors());
        int splits = Math.max(1, (maxContext + splitTokens - 1) / splitTokens);
        int d = s.headDim();
        long rows = (long) batch * s.qHeads() * splits;
        CUdeviceptr part = scratch("decode partials", rows * (d + 2) * 4L);
        CUdeviceptr partMax = part.withByteOffset(rows * d * 4L);
        CUdeviceptr partSum = part.withByteOffset(rows * (d + 1) * 4L);
        launch("paged_decode_attention_bf16", batch, headGroups, splits, 128, 0, q, q.rowStride(), kCache, vCache, blockTables,
                blockTables.cols(), blockSize, contextLens, part, partMax, partSum, s.qHeads(), s.kvHeads(), d, headsPerBlock,
                splitTokens, s.scale());
        launch("paged_decode_reduce", batch, s.qHeads(), 1, d, 0, part, partMax, partSum, out, out.rowStride(), s.qHeads(), d, splits);
    }

    @Override
    public void moeTopK(Tensor logits, int k, Tensor ids, Tensor weights) {
        int experts = logits.cols();
        check(experts <= 256 && k >= 1 && k <= experts && k <= 32 && ids.rows() == logits.rows() && ids.cols() == k && ids.isContiguous()
                        && weights.rows() == logits.rows() && weights.cols() == k && weights.isContiguous(),
                "moeTopK: logits " + logits + " (at most 256 experts), k " + k + ", ids " + ids + ", weights " + weights);
        launch("moe_topk_softmax", (logits.rows() + 7) / 8, 1, 1, 256, 0, logits, logits.rowStride(), logits.rows(), experts, k, ids, weights);
    }

    @Override
    public void moeGather(Tensor x, Tensor rowToken, Tensor out) {
        check(out.cols() == x.cols() && rowToken.elements() == out.rows(), "moeGather shapes: " + x + " -> " + out + " via " + rowToken);
        launch("moe_gather_rows", gridFor(out.elements()), 1, 1, 256, 0, x, x.rowStride(), rowToken, out, out.rowStride(), out.rows(), out.cols());
    }

    @Override
    public void moeCombine(Tensor expertOut, Tensor slotRow, Tensor weights, Tensor out) {
        int k = slotRow.cols();
        check(slotRow.rows() == out.rows() && weights.rows() == out.rows() && weights.cols() == k && expertOut.cols() == out.cols()
                        && slotRow.isContiguous() && weights.isContiguous(),
                "moeCombine shapes: " + expertOut + ", " + slotRow + ", " + weights + " -> " + out);
        launch("moe_combine", gridFor(out.elements()), 1, 1, 256, 0, expertOut, expertOut.rowStride(), slotRow, weights, k,
                out, out.rowStride(), out.rows(), out.cols());
    }

    @Override
    public void synchronize() {
        bind();
        int r = JCudaDriver.cuStreamSynchronize(stream);
        if (r != CUresult.CUDA_SUCCESS) {
            throw new DeviceException("A kernel on " + info.name() + " failed: " + CUresult.stringFor(r)
                    + ". The CUDA context is unusable; close this device and open it again");
        }
    }

    @Override
    public EventTimer newEventTimer() {
        return new EventTimer() {
            private final List<CUevent> pool = new ArrayList<>();
            private int used;

            @Override
            public void mark() {
                bind();
                if (used == pool.size()) {
                    CUevent e = new CUevent();
                    CudaDriverProbe.check(JCudaDriver.cuEventCreate(e, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
                    pool.add(e);
                }
                CudaDriverProbe.check(JCudaDriver.cuEventRecord(pool.get(used++), stream), "cuEventRecord");
            }

            @Override
            public long[] intervalsNs() {
                if (used < 2) {
                    return new long[0];
                }
                synchronize();
                long[] out = new long[used - 1];
                float[] ms = new float[1];
                for (int i = 0; i < out.length; i++) {
                    CudaDriverProbe.check(JCudaDriver.cuEventElapsedTime(ms, pool.get(i), pool.get(i + 1)), "cuEventElapsedTime");
                    out[i] = Math.round(ms[0] * 1e6);
                }
                return out;
            }

            @Override
            public void reset() {
                used = 0;
            }

            @Override
            public void close() {
                if (!closed) {
                    bind();
                    pool.forEach(JCudaDriver::cuEventDestroy);
                }
                pool.clear();
                used = 0;
            }
        };
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        JCudaDriver.cuCtxSetCurrent(context);
        JCudaDriver.cuStreamSynchronize(stream);
        live.keySet().forEach(t -> JCudaDriver.cuMemFree((CUdeviceptr) t.storage()));
        live.clear();
        scratch.values().forEach(s -> {
            if (s.ptr != null) {
                JCudaDriver.cuMemFree(s.ptr);
            }
        });
        scratch.clear();
        modules.forEach(JCudaDriver::cuModuleUnload);
        modules.clear();
        JCudaDriver.cuStreamDestroy(stream);
        JCudaDriver.cuCtxDestroy(context);
        closed = true;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
