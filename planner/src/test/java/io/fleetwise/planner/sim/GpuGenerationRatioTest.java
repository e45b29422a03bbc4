package io.fleetwise.planner.sim;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.EngineProfiles;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.LengthPresets;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a procurement question asks: how many more requests per second a newer GPU serves at an SLO, for an 8B fp8
 * model (W8A8) on the default engine with its defaults, chat lengths, p90 TTFT 1 s and TPOT 20 ms. Issue 13 measured
 * H200 1.05x and B200 1.20x an H100 when vLLM 0.6's host model capped every GPU at about the same rate (the vllm-0.6
 * profile still does: its ~2.5 ms of serial host time per step is most of a small model's step); on the default
 * engine (vLLM V1, host costs shaped as it does them) the newer GPUs' bandwidth and compute must show: each ratio keeps
 * at least 70 % of the same ratio with no host at all (kernels only), and H200/H100 is above 1.2 (1.43x the bandwidth,
 * the same compute: prefill of chat prompts keeps it below the bandwidth ratio). Measured when written: V1 1.24x and
 * 1.85x, kernels only 1.24x and 2.43x (the 70 % bar was set after seeing them; V1's serial ~0.7 ms per step is a
 * larger share of a B200's shorter steps). {@link #main} prints the table in docs/validation.md.
 */
class GpuGenerationRatioTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec MODEL = CATALOG.model("Llama-3.1-8B");
    private static final Slo SLO = Slo.of(1000, 20, 0.9);
    private static final List<String> GPUS = List.of("H100-SXM", "H200-SXM", "B200-HGX");

    static double capacity(String gpu, EngineProfile engine) {
        GpuType g = CATALOG.gpu(gpu);
        ReplicaConfig rc = ReplicaConfig.of(g, 1).withDtypes(DType.FP8, DType.BF16, DType.FP8);
        return CapacitySearch.maxRate(MODEL, rc, LengthPresets.preset("chat"), SLO,
                new CapacitySearch.Options(1500, 7L, 0.02, 40), CalibrationSet.builtIn().withEngine(engine),
                ProgressListener.NONE).maxRatePerS();
    }

    /** Capacity per GPU type for one engine, req/s. */
    static Map<String, Double> capacities(EngineProfile engine) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String g : GPUS) {
            m.put(g, capacity(g, engine));
        }
        return m;
    }

    @Test
    void newerGpusKeepTheirRooflineAdvantageOnTheDefaultEngine() {
        Map<String, Double> engine = capacities(EngineProfiles.defaultProfile());
        Map<String, Double> kernels = capacities(EngineProfile.kernelsOnly());
        for (String g : List.of("H200-SXM", "B200-HGX")) {
            double withHost = engine.get(g) / engine.get("H100-SXM");
            double roofline = kernels.get(g) / kernels.get("H100-SXM");
            assertThat(withHost).as("%s / H100 on %s (kernels only %.2f)", g, EngineProfiles.DEFAULT_ID, roofline)
                    .isGreaterThanOrEqualTo(0.7 * roofline);
        }
        assertThat(engine.get("H200-SXM") / engine.get("H100-SXM")).isGreaterThan(1.2);
    }

    /** Prints the capacity table for every serving engine and kernels only. */
    public static void main(String[] args) {
        System.out.println("| engine | H100-SXM req/s | H200-SXM req/s | B200-HGX req/s | H200 / H100 | B200 / H100 |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        List<EngineProfile> engines = new java.util.ArrayList<>(EngineProfiles.servingEngines());
        engines.add(EngineProfile.kernelsOnly());
        for (EngineProfile e : engines) {
            Map<String, Double> c = capacities(e);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2fx | %.2fx |%n", e.id(), c.get("H100-SXM"),
                    c.get("H200-SXM"), c.get("B200-HGX"), c.get("H200-SXM") / c.get("H100-SXM"),
                    c.get("B200-HGX") / c.get("H100-SXM"));
        }
    }
}
