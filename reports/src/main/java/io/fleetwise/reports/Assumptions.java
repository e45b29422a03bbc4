package io.fleetwise.reports;

import java.util.List;

/** The modelling assumptions every report states, from docs/perf-model.md (where each has its source). */
final class Assumptions {

    static final List<String> ALL = List.of(
            "Iteration times come from Fleetwise's performance model: per-layer roofline blend of compute and memory "
                    + "time with efficiency curves fitted to an H100 SXM kernel sweep (PyTorch 2.11, cuBLAS/SDPA); other "
                    + "GPUs use the same fractions of their datasheet peaks until a calibration profile is fitted.",
            "Host overhead per iteration: a fixed part plus 0.275 ms per sequence, fitted on small batches with vLLM "
                    + "0.6.0; at batch 100+ it likely overstates host time for newer engines.",
            "Kernel floor 2.5 us for decode batches under CUDA graphs (assumed); prefill batches run eagerly.",
            "Nothing overlaps: tensor-parallel collectives run on the compute stream, as in vLLM.",
            "Interconnect: NVLink per direction = half the catalog's bidirectional figure, 3 us per step; InfiniBand "
                    + "NDR 50 GB/s, 5 us; collective bus efficiency 0.80 (nccl-tests on DGX H100).",
            "Memory: runtime reserve 1.5 GB per GPU (assumed); KV cache in blocks of 16 tokens.",
            "Power: idle power 15 % of TDP (assumed; about 10 % measured in deep idle on H100 SXM).",
            "Pipeline stages are taken as balanced; stage imbalance is not modelled.",
            "Prices are on-demand $ per GPU-hour from the catalog (or a user override), as of the date listed with "
                    + "each GPU below; the allocator minimises the sum of replica prices.",
            "Throughputs are simulated (capacity search under the SLO per bucket), not measured, unless the "
                    + "allocation says 'measured (imported)'.");

    private Assumptions() {
    }
}
