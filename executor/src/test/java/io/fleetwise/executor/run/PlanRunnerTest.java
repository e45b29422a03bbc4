package io.fleetwise.executor.run;

import io.fleetwise.executor.device.CpuDevice;
import io.fleetwise.executor.device.InsufficientDeviceMemoryException;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanRunnerTest {
    /** A small Llama-like shard: one GPU of a TP-2 replica. */
    static ShardShape denseShard() {
        return new ShardShape("tiny dense TP2", 2, 0, 64, 4, 2, 64, 96, Integer.MAX_VALUE, 0, 0, 0, 0, 80, 1e-5f, 10000f, 2, 1, 1);
    }

    /** A small MoE shard: 4 of 8 experts on this GPU (EP 2), top-2. */
    static ShardShape moeShard() {
        return new ShardShape("tiny moe EP2", 2, 0, 64, 4, 4, 64, 96, 1, 4, 8, 2, 32, 0, 1e-5f, 10000f, 1, 2, 2);
    }

    static IterationSchedule schedule() {
        return new IterationSchedule(List.of(
                new Iteration(List.of(new PrefillChunk(5, 0), new PrefillChunk(3, 17)), List.of(9)),
                new Iteration(List.of(), List.of(6, 10, 40))));
    }

    private static final CollectiveModel NVLINK = new CollectiveModel(450, 5);

    @Test
    void perKernelRunTimesEveryLayerOpAndModelsTheAllReduce() {
        try (CpuDevice cpu = new CpuDevice(64L << 20)) {
            long freeBefore = cpu.freeMemoryBytes();
            RunResult r = new PlanRunner(cpu, denseShard(), NVLINK, PlanRunner.Options.defaults()).run(schedule(), ProgressListener.NONE);

            Map<String, Long> perOp = r.records().stream().filter(t -> t.iteration() == 0 && t.layer() == 1)
                    .collect(Collectors.groupingBy(TimingRecord::op, Collectors.counting()));
            assertThat(perOp).containsEntry("gemm_qkv", 1L).containsEntry("attn_prefill", 2L).containsEntry("attn_decode", 1L)
                    .containsEntry("gemm_gate_up", 1L).containsEntry("gemm_down", 1L).containsEntry("rmsnorm", 2L)
                    .containsEntry("allreduce_attn", 1L).containsEntry("allreduce_ffn", 1L);
            assertThat(r.records()).filteredOn(t -> t.op().equals("gemm_lm_head")).hasSize(2)
                    .allSatisfy(t -> assertThat(t.layer()).isEqualTo(-1));
            assertThat(r.records()).filteredOn(t -> t.op().startsWith("allreduce")).allSatisfy(t -> {
                assertThat(t.modelled()).isTrue();
                assertThat(t.timeNs()).isEqualTo(NVLINK.allReduceNs(2L * (t.iteration() == 0 ? 9 : 3) * 64, 2));
            });
            assertThat(r.records()).filteredOn(t -> !t.modelled()).allSatisfy(t -> {
                assertThat(t.timeNs()).isPositive();
                assertThat(t.device()).contains("CPU");
            });
            assertThat(r.records()).filteredOn(t -> t.op().equals("gemm_qkv") && t.iteration() == 1)
                    .first().extracting(TimingRecord::shape).isEqualTo("M=3 N=512 K=64");
            assertThat(r.measuredNs(0)).isPositive();
            assertThat(cpu.freeMemoryBytes()).as("run frees what it allocated").isEqualTo(freeBefore);
        }
    }

    @Test
    void perIterationModeRecordsOneMeasuredTimePerIteration() {
        try (CpuDevice cpu = new CpuDevice(64L << 20)) {
            RunResult r = new PlanRunner(cpu, denseShard(), NVLINK, PlanRunner.Options.defaults().withMode(TimingMode.PER_ITERATION))
                    .run(schedule(), ProgressListener.NONE);
            assertThat(r.records()).filteredOn(t -> !t.modelled()).extracting(TimingRecord::op).containsExactly("iteration", "iteration");
            assertThat(r.records()).filteredOn(t -> !t.modelled()).extracting(TimingRecord::shape)
                    .containsExactly("tokens=9 prefill=2 decode=1", "tokens=3 prefill=0 decode=3");
            assertThat(r.modelledNs(1)).isEqualTo(4 * NVLINK.allReduceNs(2L * 3 * 64, 2));
        }
    }

    @Test
    void moeLayersRouteToLocalExpertsAndModelTheAllToAll() {
        try (CpuDevice cpu = new CpuDevice(64L << 20)) {
            RunResult r = new PlanRunner(cpu, moeShard(), NVLINK, PlanRunner.Options.defaults().withCaptureHidden(true))
                    .run(schedule(), ProgressListener.NONE);
            List<String> layer0 = r.records().stream().filter(t -> t.iteration() == 0 && t.layer() == 0).map(TimingRecord::op).collect(Collectors.toList());
            List<String> layer1 = r.records().stream().filter(t -> t.iteration() == 0 && t.layer() == 1).map(TimingRecord::op).collect(Collectors.toList());
            assertThat(layer0).contains("gemm_gate_up").doesNotContain("moe_topk");
            assertThat(layer1).contains("gemm_router", "moe_topk", "moe_align_host", "moe_combine", "alltoall_dispatch", "alltoall_combine")
                    .doesNotContain("gemm_gate_up");
            assertThat(r.records()).filteredOn(t -> t.op().equals("pp_send_recv")).hasSize(2).allMatch(TimingRecord::modelled);
            assertThat(r.finalHidden()).hasSize(3 * 64);
            for (float v : r.finalHidden()) {
                assertThat(Float.isFinite(v)).as("hidden value " + v).isTrue();
            }
        }
    }

    @Test
    void runThatDoesNotFitIsRefusedBeforeAllocatingAnything() {
        try (CpuDevice cpu = new CpuDevice(100_000)) {
            PlanRunner runner = new PlanRunner(cpu, denseShard(), NVLINK, PlanRunner.Options.defaults());
            MemoryPlan plan = runner.plan(schedule());
            assertThatThrownBy(() -> runner.run(schedule(), ProgressListener.NONE))
                    .isInstanceOf(InsufficientDeviceMemoryException.class)
                    .hasMessageContaining("Running tiny dense TP2")
                    .hasMessageContaining(String.format(java.util.Locale.ROOT, "needs %,d bytes", plan.totalBytes()))
                    .hasMessageContaining("only 100,000 bytes");
            assertThat(cpu.freeMemoryBytes()).isEqualTo(100_000);
        }
    }

    @Test
    void memoryPlanCoversWhatTheRunAllocates() {
        // A device exactly as large as the plan must be enough.
        PlanRunner probe = new PlanRunner(new CpuDevice(1L << 30), moeShard(), NVLINK, PlanRunner.Options.defaults());
        long needed = probe.plan(schedule()).totalBytes();
        try (CpuDevice cpu = new CpuDevice(needed)) {
            RunResult r = new PlanRunner(cpu, moeShard(), NVLINK, PlanRunner.Options.defaults()).run(schedule(), ProgressListener.NONE);
            assertThat(r.records()).isNotEmpty();
        }
    }

    @Test
    void cancellingStopsTheRunAndReleasesMemory() {
        try (CpuDevice cpu = new CpuDevice(64L << 20)) {
            long before = cpu.freeMemoryBytes();
            ProgressListener cancelAfterStart = new ProgressListener() {
                private int calls;

                @Override
                public void progress(double fraction, String message) {
                    calls++;
                }

                @Override
                public boolean isCancelled() {
                    return calls >= 2;
                }
            };
            assertThatThrownBy(() -> new PlanRunner(cpu, denseShard(), NVLINK, PlanRunner.Options.defaults()).run(schedule(), cancelAfterStart))
                    .isInstanceOf(CancellationException.class);
            assertThat(cpu.freeMemoryBytes()).isEqualTo(before);
        }
    }

    @Test
    void shardOfACatalogModelSplitsHeadsFfnLayersAndExperts() {
        Catalog catalog = Catalog.builtIn();
        ShardShape llama = ShardShape.of(catalog.model("Llama-3.1-70B"), 4, 2, 1, 1);
        assertThat(llama.layers()).isEqualTo(40);
        assertThat(llama.firstLayer()).isEqualTo(40);
        assertThat(llama.qHeads()).isEqualTo(16);
        assertThat(llama.kvHeads()).isEqualTo(2);
        assertThat(llama.ffnSize()).isEqualTo(7168);
        assertThat(llama.vocabShard()).isEqualTo((128256 + 3) / 4);
        assertThat(ShardShape.of(catalog.model("Llama-3.1-70B"), 4, 2, 1, 0).vocabShard()).isZero();

        ShardShape mixtral = ShardShape.of(catalog.model("Mixtral-8x7B"), 2, 1, 2, 0);
        assertThat(mixtral.localExperts()).isEqualTo(4);
        assertThat(mixtral.moeFfnSize()).isEqualTo(14336);
        assertThat(mixtral.isMoeLayer(0)).isTrue();

        assertThatThrownBy(() -> ShardShape.of(catalog.model("Llama-3.1-8B"), 3, 1, 1, 0))
                .hasMessageContaining("numAttentionHeads 32 is not divisible by TP 3");
        assertThatThrownBy(() -> ShardShape.of(catalog.model("DeepSeek-V3"), 8, 1, 8, 0))
                .hasMessageContaining("multi-head latent attention");
    }

    @Test
    void collectiveModelFollowsTheRingFormula() {
        CollectiveModel m = new CollectiveModel(100, 2);
        // 2*(4-1)/4 * 1e9 B / 100e9 B/s = 15 ms, plus 6 steps * 2 us.
        assertThat(m.allReduceNs(1_000_000_000L, 4)).isEqualTo(15_012_000L);
        assertThat(m.allReduceNs(1_000_000_000L, 1)).isZero();
        assertThat(m.allToAllNs(1_000_000_000L, 2)).isEqualTo(5_002_000L);
        assertThat(CollectiveModel.forGpu(Catalog.builtIn().gpu("H100-SXM")).busBandwidthGBps()).isEqualTo(450);
    }
}
