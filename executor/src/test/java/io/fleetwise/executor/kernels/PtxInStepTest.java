package io.fleetwise.executor.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The committed PTX must be what scripts/build-ptx.sh makes of the CUDA sources. */
class PtxInStepTest {
    private static final List<String> ARCHS = List.of("compute_80", "compute_75");

    /** Every kernel the Java side launches, by the name it launches. */
    private static final List<String> LAUNCHED = List.of(
            "gemm_bf16_tc", "gemm_bf16_simt", "gemv_bf16", "grouped_gemm_bf16_tc", "grouped_gemm_bf16_simt",
            "fill_uniform_bf16", "rmsnorm_bf16", "rope_bf16", "silu_mul_bf16", "residual_add_bf16",
            "kv_append_bf16", "prefill_attention_bf16", "paged_decode_attention_bf16", "paged_decode_reduce",
            "moe_topk_softmax", "moe_gather_rows", "moe_combine");

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/build-ptx.sh"))) {
            p = p.getParent();
        }
        return p;
    }

    private static Optional<Path> nvcc() {
        String env = System.getenv("NVCC");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator)).map(d -> Path.of(d, "nvcc")).filter(Files::isExecutable).findFirst()
                .or(() -> Optional.of(Path.of("/usr/local/cuda/bin/nvcc")).filter(Files::isExecutable));
    }

    /** PTX without nvcc's header comments (they name the compiler build). */
    private static String body(String ptx) {
        return ptx.lines().filter(l -> !l.startsWith("//")).collect(Collectors.joining("\n"));
    }

    @Test
    void committedPtxMatchesWhatNvccMakesOfTheSources(@TempDir Path out) throws IOException, InterruptedException {
        Optional<Path> nvcc = nvcc();
        assumeTrue(nvcc.isPresent(), "nvcc not found (PATH, $NVCC, /usr/local/cuda/bin): committed PTX not re-checked");
        Path root = repoRoot();
        assumeTrue(root != null, "scripts/build-ptx.sh not found above " + Path.of("").toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("scripts/build-ptx.sh").toString(), out.toString())
                .redirectErrorStream(true);
        pb.environment().put("NVCC", nvcc.get().toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("build-ptx.sh finished").isTrue();
        assertThat(p.exitValue()).as("build-ptx.sh output:\n" + log).isZero();

        Path committed = root.resolve("executor/src/main/resources/io/fleetwise/executor/ptx");
        for (String module : PtxLibrary.MODULES) {
            for (String arch : ARCHS) {
                String name = module + "." + arch + ".ptx";
                assertThat(body(Files.readString(out.resolve(name))))
                        .as(name + " is out of step with executor/src/main/cuda; run scripts/build-ptx.sh and commit the PTX")
                        .isEqualTo(body(Files.readString(committed.resolve(name))));
            }
        }
    }

    /**
     * What the driver's JIT will do at load time, done ahead with ptxas: every module must assemble
     * for the real GPUs it targets, without register spills.
     */
    @Test
    void committedPtxAssemblesForRealGpusWithoutSpills(@TempDir Path out) throws IOException, InterruptedException {
        Optional<Path> ptxas = nvcc().map(n -> n.resolveSibling("ptxas")).filter(Files::isExecutable);
        assumeTrue(ptxas.isPresent(), "ptxas not found next to nvcc: PTX not assembled");
        Path committed = repoRoot().resolve("executor/src/main/resources/io/fleetwise/executor/ptx");
        for (String module : PtxLibrary.MODULES) {
            for (String[] target : new String[][] {{"compute_80", "sm_80"}, {"compute_80", "sm_90"}, {"compute_75", "sm_75"}}) {
                Process p = new ProcessBuilder(ptxas.get().toString(), "-arch=" + target[1], "-v",
                        committed.resolve(module + "." + target[0] + ".ptx").toString(), "-o", out.resolve("m.cubin").toString())
                        .redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(module + " for " + target[1] + ":\n" + log).isZero();
                assertThat(log).as(module + " for " + target[1] + " spills registers:\n" + log)
                        .doesNotContainPattern("[1-9][0-9]* bytes spill (stores|loads)");
            }
        }
    }

    @Test
    void everyLaunchedKernelIsInThePtxOfBothArchitectures() {
        for (String arch : ARCHS) {
            String all = PtxLibrary.MODULES.stream()
                    .map(m -> new String(PtxLibrary.load(m, arch), StandardCharsets.US_ASCII))
                    .collect(Collectors.joining());
            for (String kernel : LAUNCHED) {
                assertThat(all).as(kernel + " in " + arch).containsPattern("\\.entry\\s+" + kernel + "\\(");
            }
        }
    }

    @Test
    void tensorCoreGemmUsesMmaInstructionsOnlyForAmpereAndNewer() {
        String ampere = new String(PtxLibrary.load("gemm", "compute_80"), StandardCharsets.US_ASCII);
        String turing = new String(PtxLibrary.load("gemm", "compute_75"), StandardCharsets.US_ASCII);
        assertThat(ampere).contains("wmma.mma.sync.aligned.row.col.m16n16k16.f32.bf16.bf16.f32").contains("cp.async");
        assertThat(turing).doesNotContain("wmma.mma");
        assertThat(PtxLibrary.archFor(9, 0)).isEqualTo("compute_80");
        assertThat(PtxLibrary.archFor(7, 5)).isEqualTo("compute_75");
        assertThat(PtxLibrary.archFor(7, 0)).isNull();
    }
}
