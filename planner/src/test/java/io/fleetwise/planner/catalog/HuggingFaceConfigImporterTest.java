package io.fleetwise.planner.catalog;

import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HuggingFaceConfigImporterTest {

    private static final String LLAMA_8B = "{\"_name_or_path\":\"meta-llama/Llama-3.1-8B\",\"architectures\":[\"LlamaForCausalLM\"],"
            + "\"hidden_size\":4096,\"intermediate_size\":14336,\"max_position_embeddings\":131072,"
            + "\"num_attention_heads\":32,\"num_hidden_layers\":32,\"num_key_value_heads\":8,"
            + "\"torch_dtype\":\"bfloat16\",\"vocab_size\":128256,\"tie_word_embeddings\":false}";

    private static final String DEEPSEEK_V3 = "{\"hidden_size\":7168,\"intermediate_size\":18432,\"moe_intermediate_size\":2048,"
            + "\"n_routed_experts\":256,\"n_shared_experts\":1,\"num_experts_per_tok\":8,\"first_k_dense_replace\":3,"
            + "\"num_attention_heads\":128,\"num_key_value_heads\":128,\"num_hidden_layers\":61,\"q_lora_rank\":1536,"
            + "\"kv_lora_rank\":512,\"qk_nope_head_dim\":128,\"qk_rope_head_dim\":64,\"v_head_dim\":128,"
            + "\"vocab_size\":129280,\"quantization_config\":{\"quant_method\":\"fp8\"}}";

    @Test
    void llamaConfigMatchesTheCatalogEntry() {
        ModelSpec imported = HuggingFaceConfigImporter.parse("config.json", LLAMA_8B, "my-llama");
        ModelSpec catalog = Catalog.builtIn().model("Llama-3.1-8B");
        assertThat(imported.totalParams()).isEqualTo(catalog.totalParams());
        assertThat(imported.kvBytesPerToken(DType.BF16)).isEqualTo(catalog.kvBytesPerToken(DType.BF16));
        assertThat(imported.hfRepo()).isEqualTo("meta-llama/Llama-3.1-8B");
    }

    @Test
    void deepSeekConfigIsReadAsMlaMoeInFp8() {
        ModelSpec m = HuggingFaceConfigImporter.parse("config.json", DEEPSEEK_V3, "ds");
        assertThat(m.isMla()).isTrue();
        assertThat(m.headDim()).isEqualTo(192);
        assertThat(m.moeLayers()).isEqualTo(58);
        assertThat(m.nativeWeightDtype()).isEqualTo(DType.FP8);
        assertThat(m.kvBytesPerToken(DType.BF16)).isEqualTo(70272.0);
    }

    @Test
    void missingKeyIsNamed() {
        String json = LLAMA_8B.replace("\"num_hidden_layers\":32,", "");
        assertThatThrownBy(() -> HuggingFaceConfigImporter.parse("cfg.json", json, "x"))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessageContaining("cfg.json").hasMessageContaining("num_hidden_layers");
    }

    @Test
    void brokenJsonReportsItsLine() {
        assertThatThrownBy(() -> HuggingFaceConfigImporter.parse("cfg.json", "{\n\"hidden_size\": 12,\n oops", "x"))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessageContaining("cfg.json line 3");
    }
}
