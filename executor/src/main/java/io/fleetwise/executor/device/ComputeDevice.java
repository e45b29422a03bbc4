package io.fleetwise.executor.device;

/**
 * Runs the operations of a Llama-style decoder layer and an MoE layer. bf16 tensors are stored in
 * bf16 and computed in fp32 on every device, so the CPU device is the reference for the GPU.
 *
 * <p>Shapes (rows x cols): GEMM {@code c[M,N] = a[M,K] * w[N,K]^T}; attention tensors are
 * {@code [tokens, heads*headDim]}; a layer's KV cache is {@code [slots, kvHeads*headDim]} with
 * {@code slot = block * blockSize + offset}. Operations are asynchronous on the GPU; downloads and
 * {@link #synchronize()} wait.
 */
public interface ComputeDevice extends AutoCloseable {

    DeviceInfo info();

    /** Bytes that can still be allocated. */
    long freeMemoryBytes();

    Tensor allocate(String name, ElementType type, int rows, int cols);

    void free(Tensor tensor);

    /** Writes {@code values} (row-major, rows x cols) into a contiguous bf16 or f32 tensor; bf16 rounds to nearest even. */
    void upload(Tensor tensor, float[] values);

    void uploadInts(Tensor tensor, int[] values);

    float[] download(Tensor tensor);

    int[] downloadInts(Tensor tensor);

    /** Fills a contiguous bf16 tensor with uniform values in [-scale, scale) from {@link io.fleetwise.executor.kernels.SyntheticValues}; identical on every device. */
    void fillSynthetic(Tensor tensor, int seed, float scale);

    /** {@code c = a * w^T}; M <= 16 takes the memory-bound GEMV path. */
    void gemm(Tensor a, Tensor w, Tensor c);

    /**
     * MoE expert GEMM: rows of {@code a} are sorted by expert, expert {@code e} owning rows
     * {@code expertRowOffsets[e] .. expertRowOffsets[e+1]}; {@code w} holds the experts' [N, K]
     * matrices back to back ({@code experts*N} rows).
     */
    void groupedGemm(Tensor a, Tensor w, int[] expertRowOffsets, Tensor c);

    void rmsNorm(Tensor x, Tensor gamma, Tensor out, float eps);

    /** Rotary embedding in place (rotate-half layout), one position per row. */
    void rope(Tensor x, Tensor positions, int heads, int headDim, float theta);

    /** {@code out[m,f] = silu(gateUp[m,f]) * gateUp[m,F+f]}. */
    void siluMul(Tensor gateUp, Tensor out);

    /** {@code x += r}. */
    void residualAdd(Tensor x, Tensor r);

    /** Writes row t of k and v into slot {@code slots[t]} of the caches. */
    void kvAppend(Tensor k, Tensor v, Tensor kCache, Tensor vCache, Tensor slots);

    /**
     * Causal attention of a chunk of {@code q.rows()} new tokens that follow {@code context} cached
     * tokens of one sequence; keys and values (context plus the chunk, already appended) are read from
     * the paged cache through {@code blockTable} (1 x blocks).
     */
    void prefillAttention(Tensor q, Tensor kCache, Tensor vCache, Tensor blockTable, int blockSize, int context,
                          Tensor out, AttentionShape shape);

    /**
     * One query token per sequence (row b of q) over {@code contextLens[b]} cached tokens, the new
     * token's KV included. {@code blockTables} is [batch, maxBlocks]; {@code maxContext} bounds the
     * context lengths and sizes the split over the context.
     */
    void decodeAttention(Tensor q, Tensor kCache, Tensor vCache, Tensor blockTables, int blockSize, Tensor contextLens,
                         int maxContext, Tensor out, AttentionShape shape);

    /** Softmax over router logits [tokens, experts], top-k expert ids (I32) and weights renormalised over the k (F32). */
    void moeTopK(Tensor logits, int k, Tensor ids, Tensor weights);

    /** {@code out[r] = x[rowToken[r]]}. */
    void moeGather(Tensor x, Tensor rowToken, Tensor out);

    /** {@code out[t] = sum_j weights[t,j] * expertOut[slotRow[t,j]]}. */
    void moeCombine(Tensor expertOut, Tensor slotRow, Tensor weights, Tensor out);

    /**
     * Copies {@code src}, which may live on another device (another GPU of a tensor-parallel group), into
     * {@code dst} on this device; both contiguous, same element type and size. Between GPUs this is a peer copy
     * ({@code cuMemcpyPeerAsync}) where the two can access each other, staged through host memory where they cannot;
     * on the CPU device an array copy. The device that wrote {@code src} must have finished (synchronize it first);
     * the copy is ordered after this device's queued work.
     */
    void copyFrom(Tensor src, Tensor dst);

    /** Waits until all queued work has finished. */
    void synchronize();

    EventTimer newEventTimer();

    /** Releases every allocation and, on a GPU, the context. */
    @Override
    void close();
}
