package io.fleetwise.executor.device;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Host-side launch decisions of CudaDevice that can be checked without a GPU. */
class CudaDeviceLaunchPlanTest {

    private static int define(String source, String name) {
        Matcher m = Pattern.compile("#define " + name + " (\\d+)").matcher(source);
        assertThat(m.find()).as(name + " defined in gemm.cu").isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void sharedMemoryOfTheTensorCoreGemmMatchesTheCudaSource() throws IOException {
        Path gemm = Path.of("src/main/cuda/gemm.cu");
        if (!Files.exists(gemm)) {
            gemm = Path.of("executor/src/main/cuda/gemm.cu");
        }
        String src = Files.readString(gemm);
        int bytes = define(src, "TC_STAGES") * 2 * define(src, "TC_BM") * (define(src, "TC_BK") + define(src, "TC_PAD")) * 2;
        assertThat(define(src, "TC_BM")).isEqualTo(define(src, "TC_BN"));
        assertThat(CudaDevice.TC_SMEM_BYTES).isEqualTo(bytes);
    }

    @Test
    void decodeSplitsFillTheGpuButKeepAtLeast256TokensPerSplit() {
        // 132 SMs, batch 1, 8 head groups: about 33 splits wanted, 8192/33 -> 249 -> 256 floor.
        assertThat(CudaDevice.splitTokens(8192, 1, 8, 132)).isEqualTo(256);
        // A large batch already fills the GPU: one split over the whole context.
        assertThat(CudaDevice.splitTokens(2048, 64, 8, 132)).isEqualTo(2048);
        assertThat(CudaDevice.splitTokens(100_000, 1, 1, 132)).isEqualTo((100_000 + 263) / 264);
    }
}
