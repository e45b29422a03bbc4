package io.fleetwise.app.cli;

import io.fleetwise.datastore.catalog.PriceOverride;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.HuggingFaceConfigImporter;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/** {@code fleetwise catalog ...}: the GPU and model catalog, with the user's overrides and imports. */
@Command(name = "catalog", description = "GPU types, model architectures and the price book (built-in plus yours).",
        mixinStandardHelpOptions = true,
        subcommands = {CatalogCommand.Gpus.class, CatalogCommand.Models.class, CatalogCommand.SetPrice.class,
                CatalogCommand.ResetPrice.class, CatalogCommand.ImportModel.class, PriceBookCommands.Prices.class,
                PriceBookCommands.PriceDefaults.class, PriceBookCommands.ImportPrices.class,
                PriceBookCommands.ExportPrices.class, PriceBookCommands.AddOffer.class, PriceBookCommands.RemoveOffer.class,
                PriceBookCommands.PriceRules.class, PriceBookCommands.AddOwned.class, PriceBookCommands.RemoveOwned.class,
                GpuTypeCommands.AddGpu.class, GpuTypeCommands.EditGpu.class, GpuTypeCommands.RemoveGpu.class})
final class CatalogCommand {

    @Command(name = "gpus", description = "List GPU types with specs, price and sources.", mixinStandardHelpOptions = true)
    static final class Gpus implements Runnable {
        private final CliContext context;
        @Mixin
        private OutputOptions output;

        Gpus(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            OutputFormat format = output.format();
            Catalog catalog = context.services().catalogStore().current();
            CliTable table = new CliTable("name", "vendor", "architecture", "memory_gb", "cuda_memory_gib", "mem_bw_gbps",
                    "bf16_tflops", "fp8_tflops", "tdp_w", "usd_per_hour", "price_as_of", "price_source");
            for (GpuType g : catalog.gpus()) {
                table.row(g.name(), g.vendor(), g.architecture(), g.memoryGb(), g.cudaMemoryGib(), g.memBandwidthGBps(), g.bf16Tflops(),
                        g.fp8Tflops(), g.tdpW(), g.price().onDemandUsdPerHour(), g.price().asOf(), g.price().source());
            }
            table.print(context.out(), format, catalog.gpus());
        }
    }

    @Command(name = "models", description = "List model architectures.", mixinStandardHelpOptions = true)
    static final class Models implements Runnable {
        private final CliContext context;
        @Mixin
        private OutputOptions output;

        Models(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            OutputFormat format = output.format();
            Catalog catalog = context.services().catalogStore().current();
            CliTable table = new CliTable("name", "hf_repo", "params_total_b", "params_active_b", "layers", "hidden",
                    "heads", "kv_heads", "experts", "experts_per_token", "weights", "source");
            for (ModelSpec m : catalog.models()) {
                table.row(m.name(), m.hfRepo(), round2(m.totalParams() / 1e9), round2(m.activeParams() / 1e9),
                        m.numLayers(), m.hiddenSize(), m.numAttentionHeads(), m.numKvHeads(), m.numExperts(),
                        m.expertsPerToken(), m.nativeWeightDtype().label(), m.source());
            }
            table.print(context.out(), format, catalog.models());
        }

        private static double round2(double v) {
            return Math.round(v * 100) / 100.0;
        }
    }

    @Command(name = "set-price", description = "Store your own on-demand price for a GPU type (e.g. a negotiated rate).",
            mixinStandardHelpOptions = true)
    static final class SetPrice implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "GPU", description = "GPU name as `catalog gpus` lists it")
        private String gpu;
        @Parameters(index = "1", paramLabel = "USD_PER_HOUR", description = "price per GPU-hour in USD, > 0")
        private double usdPerHour;
        @Option(names = "--note", description = "why (shown as the price source)")
        private String note = "";
        @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "date of the price (default: today)")
        private LocalDate asOf;

        SetPrice(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            PriceOverride o = context.services().catalogStore().overridePrice(gpu, usdPerHour,
                    asOf != null ? asOf : LocalDate.now(context.services().clock()), note);
            context.out().printf(Locale.ROOT, "%s: $%.4f/h as of %s stored in %s%n", o.gpuName(), o.usdPerHour(), o.asOf(),
                    context.services().database().file());
            context.out().flush();
        }
    }

    @Command(name = "reset-price", description = "Go back to the catalog's price for a GPU type.", mixinStandardHelpOptions = true)
    static final class ResetPrice implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "GPU")
        private String gpu;

        ResetPrice(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            boolean had = context.services().catalogStore().resetPrice(gpu);
            context.out().println(had ? gpu + ": catalog price restored" : gpu + ": had no override");
            context.out().flush();
        }
    }

    @Command(name = "import-model", description = "Add a model from a Hugging Face config.json.", mixinStandardHelpOptions = true)
    static final class ImportModel implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "CONFIG_JSON")
        private Path file;
        @Option(names = "--name", description = "model name (default: from _name_or_path or the folder name)")
        private String name;

        ImportModel(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            ModelSpec model;
            try {
                model = HuggingFaceConfigImporter.importFile(file, name);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            context.services().catalogStore().addModel(model, file.toAbsolutePath().toString());
            context.out().printf(Locale.ROOT, "Imported %s: %d layers, hidden %d, %.2fB parameters%n", model.name(),
                    model.numLayers(), model.hiddenSize(), model.totalParams() / 1e9);
            context.out().flush();
        }
    }
}
