package io.fleetwise.app.cli;

import io.fleetwise.datastore.catalog.CatalogStore;
import io.fleetwise.planner.catalog.UserGpuType;
import io.fleetwise.planner.model.GpuType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.Optional;

/** {@code fleetwise catalog add-gpu|edit-gpu|remove-gpu}: GPU types of your own. */
final class GpuTypeCommands {

    private GpuTypeCommands() {
    }

    /** The figures of a GPU type; each option left out keeps the starting value (the --like type's, or the type's own). */
    static final class Figures {
        @Option(names = "--memory-bytes", paramLabel = "BYTES",
                description = "memory as the device reports it (nvidia-smi / cudaMemGetInfo total), e.g. 85899345920")
        Long memoryBytes;
        @Option(names = "--datasheet-memory-gb", paramLabel = "GB", description = "the datasheet figure (optional)")
        Double datasheetMemoryGb;
        @Option(names = "--bandwidth-gbps", paramLabel = "GB/S", description = "memory bandwidth")
        Double bandwidth;
        @Option(names = "--bf16-tflops", paramLabel = "TFLOPS", description = "dense BF16 tensor TFLOPS (0 = none)")
        Double bf16;
        @Option(names = "--fp16-tflops", paramLabel = "TFLOPS")
        Double fp16;
        @Option(names = "--fp8-tflops", paramLabel = "TFLOPS")
        Double fp8;
        @Option(names = "--int8-tops", paramLabel = "TOPS")
        Double int8;
        @Option(names = "--interconnect", paramLabel = "NAME", description = "e.g. NVLink5")
        String interconnect;
        @Option(names = "--link-gbps", paramLabel = "GB/S", description = "GPU-to-GPU link, bidirectional (0 = PCIe only)")
        Double link;
        @Option(names = "--pcie-gbps", paramLabel = "GB/S", description = "host PCIe, bidirectional")
        Double pcie;
        @Option(names = "--tdp-w", paramLabel = "W")
        Double tdp;
        @Option(names = "--vendor")
        String vendor;
        @Option(names = "--architecture")
        String architecture;
        @Option(names = "--form-factor")
        String formFactor;
        @Option(names = "--memory-type")
        String memoryType;
        @Option(names = "--efficiency-from", paramLabel = "catalog:TYPE|calibration:ID",
                description = "whose efficiency curves predict it (default: the --like type's)")
        String efficiencyFrom;
        @Option(names = "--spec-source", paramLabel = "TEXT", description = "where the figures come from")
        String specSource;
        @Option(names = "--note")
        String notes;

        UserGpuType over(UserGpuType base, String name) {
            return new UserGpuType(name, or(vendor, base.vendor()), or(architecture, base.architecture()),
                    or(formFactor, base.formFactor()), memoryBytes != null ? memoryBytes : base.memoryBytes(),
                    datasheetMemoryGb != null ? datasheetMemoryGb : (memoryBytes != null ? 0 : base.datasheetMemoryGb()),
                    or(memoryType, base.memoryType()), or(bandwidth, base.memBandwidthGBps()), or(bf16, base.bf16Tflops()),
                    or(fp16, base.fp16Tflops()), or(fp8, base.fp8Tflops()), or(int8, base.int8Tops()),
                    or(interconnect, base.interconnect()), or(link, base.linkBandwidthGBps()), or(pcie, base.pcieGBps()),
                    or(tdp, base.tdpW()), or(efficiencyFrom, base.efficiencyFrom()), or(specSource, base.specSource()),
                    or(notes, base.notes()));
        }

        private static <T> T or(T value, T fallback) {
            return value != null ? value : fallback;
        }
    }

    static void checkCalibration(CliContext context, UserGpuType type) {
        if (type.borrowedCalibrationId().isPresent()) {
            long id = type.borrowedCalibrationId().getAsLong();
            if (context.services().calibrations().store().find(id).isEmpty()) {
                throw new IllegalArgumentException("--efficiency-from calibration:" + id + ": no calibration " + id
                        + " is stored. Run `fleetwise calibrate` on such a device, or borrow a catalog type's curves");
            }
        }
    }

    static void save(CliContext context, UserGpuType type, String verb) {
        checkCalibration(context, type);
        CatalogStore store = context.services().catalogStore();
        store.saveGpuType(type);
        context.services().calibrations().refresh();
        GpuType planned = store.current().gpu(type.name());
        context.out().printf(Locale.ROOT, "%s GPU type %s: %.2f GiB as reported (%d bytes), %.0f GB/s, BF16 %.0f TFLOPS, "
                        + "%.0f W, curves from %s; price: %s%n", verb, type.name(), type.reportedMemoryGib(),
                type.memoryBytes(), type.memBandwidthGBps(), planned.peakTflops(io.fleetwise.planner.model.DType.BF16),
                type.tdpW(), type.efficiencyFrom(), planned.price().isKnown()
                        ? String.format(Locale.ROOT, "%.3f USD/GPU-h on demand", planned.price().onDemandUsdPerHour())
                        : "none yet (add an offer: fleetwise catalog add-offer " + type.name() + " PRICE --provider P --kind on_demand)");
        context.out().flush();
    }

    @Command(name = "add-gpu", description = {"Add a GPU type of your own (GB200, H20, an in-house part), planned like a "
            + "built-in one.", "Start from a catalog type with --like and change what differs, or give every figure."},
            mixinStandardHelpOptions = true)
    static final class AddGpu implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "NAME")
        private String name;
        @Option(names = "--like", paramLabel = "TYPE", description = "copy this catalog type's figures and borrow its curves")
        private String like;
        @picocli.CommandLine.Mixin
        private Figures figures = new Figures();

        AddGpu(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            CatalogStore store = context.services().catalogStore();
            if (store.current().gpus().stream().anyMatch(g -> g.name().equalsIgnoreCase(name))) {
                throw new IllegalArgumentException("GPU type '" + name + "' exists already; change it with `fleetwise "
                        + "catalog edit-gpu " + name + "`");
            }
            UserGpuType base;
            if (like != null) {
                base = UserGpuType.like(store.current().gpu(like), name);
            } else {
                if (figures.memoryBytes == null || figures.bandwidth == null || figures.tdp == null
                        || (figures.bf16 == null && figures.fp16 == null) || figures.efficiencyFrom == null) {
                    throw new IllegalArgumentException("Without --like, give at least --memory-bytes, --bandwidth-gbps, "
                            + "--bf16-tflops (or --fp16-tflops), --tdp-w and --efficiency-from catalog:TYPE");
                }
                base = new UserGpuType(name, "", "", "", figures.memoryBytes, 0, "", figures.bandwidth,
                        figures.bf16 != null ? figures.bf16 : 0, figures.fp16 != null ? figures.fp16 : 0, 0, 0, "", 0, 0,
                        figures.tdp, figures.efficiencyFrom, "", "");
            }
            save(context, figures.over(base, name), "Added");
        }
    }

    @Command(name = "edit-gpu", description = "Change figures of a GPU type you added.", mixinStandardHelpOptions = true)
    static final class EditGpu implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "NAME")
        private String name;
        @picocli.CommandLine.Mixin
        private Figures figures = new Figures();

        EditGpu(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            Optional<UserGpuType> existing = context.services().catalogStore().userGpuTypes().stream()
                    .filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
            UserGpuType base = existing.orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a GPU type "
                    + "you added (built-in types cannot be edited; add one --like it)"));
            save(context, figures.over(base, base.name()), "Changed");
        }
    }

    @Command(name = "remove-gpu", description = "Remove a GPU type you added (its price offers stay in the book).",
            mixinStandardHelpOptions = true)
    static final class RemoveGpu implements Runnable {
        private final CliContext context;
        @Parameters(index = "0", paramLabel = "NAME")
        private String name;

        RemoveGpu(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            if (context.services().catalogStore().builtIn().gpus().stream().anyMatch(g -> g.name().equalsIgnoreCase(name))) {
                throw new IllegalArgumentException("'" + name + "' is a built-in GPU type and cannot be deleted");
            }
            var studies = context.services().studyStore().studiesUsingGpuType(name);
            if (!studies.isEmpty()) {
                throw new IllegalArgumentException("GPU type " + name + " is in the cluster of " + String.join(", ", studies)
                        + "; take it out of those studies first");
            }
            if (!context.services().catalogStore().deleteGpuType(name)) {
                throw new IllegalArgumentException("No GPU type '" + name + "' that you added");
            }
            context.services().calibrations().refresh();
            context.out().println("Removed GPU type " + name);
            context.out().flush();
        }
    }
}
