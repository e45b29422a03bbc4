package io.fleetwise.planner.catalog;

import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CatalogLoaderTest {

    private static final String GPU_HEADER = "name,vendor,architecture,form_factor,memory_gb,memory_type,mem_bw_gbps,"
            + "bf16_dense_tflops,fp16_dense_tflops,fp8_dense_tflops,int8_dense_tops,interconnect,link_bw_gbps_bidir,"
            + "pcie_gbps,tdp_w,price_on_demand_usd_h,price_low_usd_h,price_high_usd_h,price_as_of,price_instance,"
            + "price_source,spec_source,notes\n";

    @Test
    void builtInCatalogHasTheTwelveReferenceGpusAndElevenModels() {
        Catalog catalog = Catalog.builtIn();
        assertThat(catalog.gpus()).hasSize(12);
        assertThat(catalog.models()).hasSize(12);
    }

    @Test
    void everyBuiltInGpuCarriesItsSpecSourceAndPriceDate() {
        for (GpuType gpu : Catalog.builtIn().gpus()) {
            assertThat(gpu.specSource()).as(gpu.name()).isNotBlank();
            assertThat(gpu.price().onDemandUsdPerHour()).as(gpu.name()).isPositive();
            assertThat(gpu.price().source()).as(gpu.name()).isNotBlank();
        }
    }

    @Test
    void h100FiguresMatchTheDatasheet() {
        GpuType h100 = Catalog.builtIn().gpu("h100-sxm");
        assertThat(h100.bf16Tflops()).isEqualTo(989.0);
        assertThat(h100.memBandwidthGBps()).isEqualTo(3350.0);
        assertThat(h100.peakTflops(DType.FP8)).isEqualTo(1979.0);
    }

    @Test
    void modelParameterCountsMatchThePublishedTotals() {
        Catalog catalog = Catalog.builtIn();
        assertThat(catalog.model("Llama-3.1-8B").totalParams() / 1e9).isCloseTo(8.03, within(0.02));
        assertThat(catalog.model("Llama-3.1-70B").totalParams() / 1e9).isCloseTo(70.6, within(0.2));
        assertThat(catalog.model("Mixtral-8x7B").totalParams() / 1e9).isCloseTo(46.7, within(0.1));
        assertThat(catalog.model("Mixtral-8x7B").activeParams() / 1e9).isCloseTo(12.9, within(0.1));
        assertThat(catalog.model("DeepSeek-V3").totalParams() / 1e9).isCloseTo(671, within(3.0));
    }

    @Test
    void kvBytesPerTokenAreExactForGqaAndMla() {
        Catalog catalog = Catalog.builtIn();
        assertThat(catalog.model("Llama-3.1-70B").kvBytesPerToken(DType.BF16)).isEqualTo(327680.0);
        assertThat(catalog.model("DeepSeek-V3").kvBytesPerToken(DType.BF16)).isEqualTo(70272.0);
    }

    @Test
    void malformedNumberNamesFileLineAndField() {
        String csv = GPU_HEADER
                + "X1,v,a,f,80,HBM,3000,900,900,,,,0,64,700,2.0,,,2026-01-01,i,p,s,n\n"
                + "X2,v,a,f,80,HBM,fast,900,900,,,,0,64,700,2.0,,,2026-01-01,i,p,s,n\n";
        assertThatThrownBy(() -> CatalogLoader.readGpus("my-gpus.csv", new StringReader(csv)))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessageContaining("my-gpus.csv line 3")
                .hasMessageContaining("'mem_bw_gbps'");
    }

    @Test
    void shortRowNamesTheMissingField() {
        String csv = GPU_HEADER + "X1,v,a,f,80\n";
        assertThatThrownBy(() -> CatalogLoader.readGpus("g.csv", new StringReader(csv)))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessageContaining("g.csv line 2");
    }

    @Test
    void duplicateModelNameIsRejected() {
        String header = "name,hf_repo,num_layers,hidden_size,num_attention_heads,num_kv_heads,head_dim,intermediate_size,vocab_size\n";
        String row = "M,r,2,64,4,2,16,128,100\n";
        assertThatThrownBy(() -> CatalogLoader.readModels("m.csv", new StringReader(header + row + row)))
                .hasMessageContaining("m.csv line 3").hasMessageContaining("duplicate");
    }

    @Test
    void inconsistentModelRowNamesTheLine() {
        String header = "name,hf_repo,num_layers,hidden_size,num_attention_heads,num_kv_heads,head_dim,intermediate_size,vocab_size\n";
        assertThatThrownBy(() -> CatalogLoader.readModels("m.csv", new StringReader(header + "M,r,2,64,6,4,16,128,100\n")))
                .hasMessageContaining("m.csv line 2").hasMessageContaining("numKvHeads");
    }

    @Test
    void unknownModelMessageSuggestsImport() {
        assertThatThrownBy(() -> Catalog.builtIn().model("GPT-9"))
                .hasMessageContaining("GPT-9").hasMessageContaining("config.json");
    }

    @Test
    void modelSpecRoundTripsThroughTheCatalogByHfRepo() {
        ModelSpec m = Catalog.builtIn().model("meta-llama/Llama-3.1-70B");
        assertThat(m.name()).isEqualTo("Llama-3.1-70B");
    }
}
