package io.fleetwise.planner.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a Hugging Face {@code config.json} into a {@link ModelSpec}. Understands the Llama, Mistral,
 * Mixtral, Qwen2 and DeepSeek-V2/V3 key names; a missing or non-numeric key is named in the message.
 */
public final class HuggingFaceConfigImporter {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Largest model Fleetwise plans for: a thousand times today's largest. */
    static final double MAX_PARAMS = 1e15;

    private HuggingFaceConfigImporter() {
    }

    public static ModelSpec importFile(Path configJson, String modelName) throws IOException {
        io.fleetwise.planner.ingest.InputFiles.requireRegularFile(configJson, "Model config",
                io.fleetwise.planner.ingest.InputLimits.MAX_CONFIG_BYTES);
        String text;
        try {
            text = Files.readString(configJson);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw io.fleetwise.planner.ingest.InputFiles.readFailure(configJson, e);
        }
        String name = modelName != null && !modelName.isBlank() ? modelName : defaultName(configJson, text);
        return parse(configJson.toString(), text, name);
    }

    private static String defaultName(Path file, String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (root != null && root.hasNonNull("_name_or_path") && !root.get("_name_or_path").asText().isBlank()) {
                String path = root.get("_name_or_path").asText();
                return path.substring(path.lastIndexOf('/') + 1);
            }
        } catch (JsonProcessingException e) {
            // parse() reports the syntax error with its position
        }
        Path parent = file.toAbsolutePath().getParent();
        return parent != null && parent.getFileName() != null ? parent.getFileName().toString() : "imported-model";
    }

    public static ModelSpec parse(String fileName, String json, String name) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CatalogFormatException(fileName, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "",
                    "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CatalogFormatException(fileName, 1, "", "expected a JSON object (a Hugging Face config.json)");
        }
        Fields f = new Fields(fileName, root);
        int hidden = f.required("hidden_size");
        int heads = f.required("num_attention_heads");
        int kvHeads = f.optional("num_key_value_heads", heads);
        int layers = f.required("num_hidden_layers");
        int kvLora = f.optional("kv_lora_rank", 0);
        int rope = f.optional("qk_rope_head_dim", 0);
        int headDim = kvLora > 0
                ? f.required("qk_nope_head_dim") + rope
                : f.optional("head_dim", hidden / heads);
        int experts = firstPresent(f, 0, "num_local_experts", "n_routed_experts", "num_experts");
        int intermediate = f.required("intermediate_size");
        int moeIntermediate = experts > 0 ? f.optional("moe_intermediate_size", intermediate) : 0;
        int expertsPerToken = experts > 0 ? f.required("num_experts_per_tok") : 0;
        DType weights = weightDtype(root);
        // in doubles, so a config whose count would wrap a long is refused instead of becoming a small or negative size
        double params = (double) layers * ((double) hidden * (heads + 2.0 * kvHeads) * headDim + (double) heads * headDim * hidden
                + 3.0 * hidden * intermediate + (experts + 1.0) * 3.0 * hidden * moeIntermediate)
                + 2.0 * f.required("vocab_size") * hidden;
        if (!(params <= MAX_PARAMS)) {
            throw new CatalogFormatException(fileName, 1, "", String.format(java.util.Locale.ROOT,
                    "the fields give about %.3g parameters; allowed at most %.0e (check hidden_size, num_hidden_layers, "
                            + "intermediate_size and the expert counts)", params, MAX_PARAMS));
        }
        String repo = root.path("_name_or_path").asText("");
        try {
            return new ModelSpec(name, repo, layers, hidden, heads, kvHeads, headDim, intermediate,
                    f.required("vocab_size"), f.optional("max_position_embeddings", 0),
                    root.path("tie_word_embeddings").asBoolean(false),
                    experts, expertsPerToken, moeIntermediate,
                    firstPresent(f, 0, "n_shared_experts", "num_shared_experts"),
                    experts > 0 ? f.optional("first_k_dense_replace", 0) : 0,
                    f.optional("q_lora_rank", 0), kvLora, rope, kvLora > 0 ? f.optional("v_head_dim", headDim) : 0,
                    weights, "imported from " + fileName, "Hugging Face config.json: " + fileName);
        } catch (IllegalArgumentException e) {
            throw new CatalogFormatException(fileName, 1, "", e.getMessage());
        }
    }

    private static int firstPresent(Fields f, int whenAbsent, String... keys) {
        for (String key : keys) {
            if (f.has(key)) {
                return f.optional(key, whenAbsent);
            }
        }
        return whenAbsent;
    }

    private static DType weightDtype(JsonNode root) {
        String quant = root.path("quantization_config").path("quant_method").asText("");
        if (quant.equalsIgnoreCase("fp8")) {
            return DType.FP8;
        }
        String dtype = root.path("torch_dtype").asText(root.path("dtype").asText("bfloat16"));
        try {
            DType d = DType.parse(dtype);
            return d == DType.FP32 ? DType.BF16 : d; // fp32 checkpoints are served in bf16
        } catch (IllegalArgumentException e) {
            return DType.BF16;
        }
    }

    /** Integer fields of the config, with errors that name the key. */
    private static final class Fields {
        private final String file;
        private final JsonNode root;

        Fields(String file, JsonNode root) {
            this.file = file;
            this.root = root;
        }

        boolean has(String key) {
            return root.hasNonNull(key);
        }

        int required(String key) {
            if (!has(key)) {
                throw new CatalogFormatException(file, 1, key, "is missing; a decoder config needs it");
            }
            int v = value(key);
            if (v == 0) {
                throw new CatalogFormatException(file, 1, key, "must be more than 0, was 0");
            }
            return v;
        }

        int optional(String key, int whenAbsent) {
            return has(key) ? value(key) : whenAbsent;
        }

        private int value(String key) {
            JsonNode node = root.get(key);
            if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                throw new CatalogFormatException(file, 1, key, "must be a whole number, was " + node);
            }
            if (node.asInt() < 0) {
                throw new CatalogFormatException(file, 1, key, "must not be negative, was " + node);
            }
            return node.asInt();
        }
    }
}
