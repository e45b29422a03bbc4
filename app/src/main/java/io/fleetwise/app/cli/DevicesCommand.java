package io.fleetwise.app.cli;

import io.fleetwise.executor.device.DeviceDiscovery;
import io.fleetwise.executor.device.DeviceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code fleetwise devices}: the CUDA GPUs found (or why there are none) and the CPU device. */
@Command(name = "devices", description = "List the devices the executor can run on: CUDA GPUs (or why there are none) and the CPU device.",
        mixinStandardHelpOptions = true)
final class DevicesCommand implements Runnable {
    private final CliContext context;
    @Mixin
    private OutputOptions output;

    DevicesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        OutputFormat format = output.format();
        DeviceDiscovery.Result found = ProfilerCommands.profiler(context.services()).discover();
        if (format == OutputFormat.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("cudaAvailable", found.cudaAvailable());
            json.put("cudaUnavailableReason", found.cudaUnavailableReason());
            List<Map<String, Object>> devices = new ArrayList<>();
            for (DeviceInfo g : found.gpus()) {
                devices.add(describe("cuda:" + g.index(), g));
            }
            devices.add(describe("cpu", found.cpu()));
            json.put("devices", devices);
            JsonOutput.print(context.out(), json);
            return;
        }
        CliTable table = new CliTable("device", "kind", "name", "compute_capability", "sms", "memory_gib", "catalog_gpu");
        for (DeviceInfo g : found.gpus()) {
            table.row("cuda:" + g.index(), "CUDA", g.name(), g.computeCapability(), g.multiprocessors(),
                    Math.round(g.memoryBytes() / 1073741824.0 * 10) / 10.0, g.catalogMatch().map(x -> x.name()).orElse(""));
        }
        table.row("cpu", "CPU", found.cpu().name(), "", "", Math.round(found.cpu().memoryBytes() / 1073741824.0 * 10) / 10.0, "");
        if (!found.cudaAvailable() && format == OutputFormat.TEXT) {
            context.out().println(found.cudaUnavailableReason());
        }
        table.print(context.out(), format, null);
    }

    private static Map<String, Object> describe(String id, DeviceInfo d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", id);
        m.put("kind", d.kind().name());
        m.put("name", d.name());
        m.put("summary", d.summary());
        if (d.kind() == DeviceInfo.Kind.CUDA) {
            m.put("computeCapability", d.computeCapability());
            m.put("multiprocessors", d.multiprocessors());
            m.put("memoryBytes", d.memoryBytes());
            m.put("driverVersion", d.driverVersionText());
            m.put("catalogGpu", d.catalogMatch().map(x -> x.name()).orElse(null));
        }
        return m;
    }
}
