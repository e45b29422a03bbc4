package io.fleetwise.planner.catalog;

import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.Price;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Reads the catalog CSV files (ours: see SOURCES.md beside them). */
public final class CatalogLoader {

    static final String GPUS = "gpus.csv";
    static final String MODELS = "models.csv";

    private CatalogLoader() {
    }

    public static Catalog loadBuiltIn() {
        return new Catalog(readResource(GPUS, CatalogLoader::readGpus), readResource(MODELS, CatalogLoader::readModels));
    }

    private static <T> T readResource(String name, Function<Reader, T> reader) {
        try (InputStream in = CatalogLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Catalog resource " + name + " is missing from the planner jar");
            }
            return reader.apply(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read catalog resource " + name, e);
        }
    }

    public static List<GpuType> readGpus(Reader reader) {
        return readGpus(GPUS, reader);
    }

    public static List<GpuType> readGpus(String fileName, Reader reader) {
        List<GpuType> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (CsvRow row : rows(fileName, reader)) {
            String name = row.requiredText("name");
            if (!names.add(name.toLowerCase())) {
                throw row.error("name", "duplicate GPU name '" + name + "'");
            }
            double bf16 = row.number("bf16_dense_tflops", 0);
            double fp16 = row.number("fp16_dense_tflops", 0);
            if (bf16 <= 0 && fp16 <= 0) {
                throw row.error("bf16_dense_tflops", "a GPU needs bf16 or fp16 TFLOPS");
            }
            // Prices live in the price book (pricing.ShippedPriceBook); files that still carry price columns keep them.
            Price price = row.text("price_as_of").isEmpty() ? Price.unknown("no price in " + fileName)
                    : new Price(row.number("price_on_demand_usd_h", Double.NaN),
                    row.number("price_low_usd_h", Double.NaN), row.number("price_high_usd_h", Double.NaN),
                    row.date("price_as_of"), row.text("price_instance"), row.text("price_source"));
            double memoryGb = row.requiredPositive("memory_gb");
            // Files without the column (user catalogs written before it) get the estimate GpuType documents.
            double cudaGib = row.number("cuda_memory_gib", memoryGb * GpuType.CUDA_SHARE_OF_DATASHEET_GIB);
            if (!(cudaGib > 0) || cudaGib > memoryGb * 1.1) {
                throw row.error("cuda_memory_gib", "must be > 0 and at most about memory_gb (" + memoryGb
                        + "), was " + cudaGib);
            }
            String cudaSource = row.text("cuda_memory_source");
            if (cudaSource.isEmpty()) {
                cudaSource = "estimated: datasheet " + memoryGb + " GiB x " + GpuType.CUDA_SHARE_OF_DATASHEET_GIB;
            }
            result.add(new GpuType(name, row.text("vendor"), row.text("architecture"), row.text("form_factor"),
                    memoryGb, row.text("memory_type"), row.requiredPositive("mem_bw_gbps"),
                    bf16, fp16, row.number("fp8_dense_tflops", 0), row.number("int8_dense_tops", 0),
                    row.text("interconnect"), row.number("link_bw_gbps_bidir", 0), row.number("pcie_gbps", 0),
                    row.requiredPositive("tdp_w"), price, row.text("spec_source"), row.text("notes"), cudaGib,
                    cudaSource));
        }
        return result;
    }

    public static List<ModelSpec> readModels(Reader reader) {
        return readModels(MODELS, reader);
    }

    public static List<ModelSpec> readModels(String fileName, Reader reader) {
        List<ModelSpec> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (CsvRow row : rows(fileName, reader)) {
            String name = row.requiredText("name");
            if (!names.add(name.toLowerCase())) {
                throw row.error("name", "duplicate model name '" + name + "'");
            }
            try {
                result.add(new ModelSpec(name, row.text("hf_repo"),
                        row.requiredInteger("num_layers"), row.requiredInteger("hidden_size"),
                        row.requiredInteger("num_attention_heads"), row.requiredInteger("num_kv_heads"),
                        row.requiredInteger("head_dim"), row.requiredInteger("intermediate_size"),
                        row.requiredInteger("vocab_size"), row.integer("max_position_embeddings", 0),
                        row.bool("tie_word_embeddings", false),
                        row.integer("num_experts", 0), row.integer("experts_per_token", 0),
                        row.integer("moe_intermediate_size", 0), row.integer("shared_experts", 0),
                        row.integer("first_k_dense_layers", 0),
                        row.integer("q_lora_rank", 0), row.integer("kv_lora_rank", 0),
                        row.integer("qk_rope_head_dim", 0), row.integer("v_head_dim", 0),
                        row.dtype("native_weight_dtype", DType.BF16), row.text("attention_notes"), row.text("source")));
            } catch (IllegalArgumentException e) {
                throw row.error("", e.getMessage());
            }
        }
        return result;
    }

    private static List<CsvRow> rows(String fileName, Reader reader) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(false).get();
        List<CsvRow> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            for (CSVRecord record : parser) {
                rows.add(new CsvRow(fileName, record));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new CatalogFormatException(fileName, 0, "", "cannot be parsed as CSV: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new CatalogFormatException(fileName, 0, "", "malformed CSV: " + e.getMessage());
        }
        return rows;
    }
}
