package io.fleetwise.profiler;

import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.executor.device.ComputeDevice;
import io.fleetwise.executor.device.CpuDevice;
import io.fleetwise.executor.device.CudaDevice;
import io.fleetwise.executor.device.DeviceDiscovery;
import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.executor.run.CollectiveModel;
import io.fleetwise.executor.run.PlanRunner;
import io.fleetwise.executor.run.RunResult;
import io.fleetwise.executor.run.ShardShape;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.PerformanceModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.profiler.calibrate.CalibrationSweep;
import io.fleetwise.profiler.calibrate.EfficiencyFit;
import io.fleetwise.profiler.calibrate.SweepPoint;
import io.fleetwise.profiler.compare.Comparison;
import io.fleetwise.profiler.compare.PredictedVsMeasured;
import io.fleetwise.profiler.store.CalibrationStore;
import io.fleetwise.profiler.store.ProfileStore;
import io.fleetwise.datastore.calibration.StoredCalibration;
import io.fleetwise.profiler.trace.RunTraceWriter;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The profiler's one entry point, shared by the command line and the Execute area: discover devices, run
 * a plan's schedule and store its trace and profile, calibrate a device, and predict with the newest
 * calibration of a device.
 */
public final class Profiler {
    private final Catalog catalog;
    private final TraceStore traces;
    private final ProfileStore profiles;
    private final CalibrationStore calibrations;

    public Profiler(Database database, Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.traces = new TraceStore(database);
        this.profiles = new ProfileStore(database, clock);
        this.calibrations = new CalibrationStore(database, clock);
    }

    public DeviceDiscovery.Result discover() {
        return DeviceDiscovery.discover(catalog);
    }

    public ProfileStore profiles() {
        return profiles;
    }

    public CalibrationStore calibrations() {
        return calibrations;
    }

    public TraceStore traces() {
        return traces;
    }

    /** "cpu" or "cuda:N" (also "cuda" for GPU 0); the reason when it cannot be had. */
    public DeviceInfo device(String choice) {
        String c = choice == null ? "cpu" : choice.trim().toLowerCase(Locale.ROOT);
        DeviceDiscovery.Result found = discover();
        if (c.equals("cpu")) {
            return found.cpu();
        }
        if (c.equals("cuda") || c.startsWith("cuda:")) {
            int index;
            try {
                index = c.equals("cuda") ? 0 : Integer.parseInt(c.substring(5));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--device '" + choice + "': expected cpu or cuda:N");
            }
            if (!found.cudaAvailable()) {
                throw new IllegalArgumentException("--device " + choice + ": " + found.cudaUnavailableReason() + ". Use --device cpu.");
            }
            if (index < 0 || index >= found.gpus().size()) {
                throw new IllegalArgumentException("--device " + choice + ": there are " + found.gpus().size() + " GPUs (cuda:0.."
                        + (found.gpus().size() - 1) + ")");
            }
            return found.gpus().get(index);
        }
        throw new IllegalArgumentException("--device '" + choice + "': expected cpu or cuda:N");
    }

    /**
     * One device ("cpu", "cuda:N") or a tensor-parallel group of local devices, comma-separated: "cuda:0,cuda:1"
     * (bare GPU indices "0,1" too) or "cpu,cpu" (CPU devices standing in for GPUs). Devices of a group are distinct
     * GPUs of one kind.
     */
    public List<DeviceInfo> devices(String choice) {
        String c = choice == null || choice.isBlank() ? "cpu" : choice.trim();
        if (!c.contains(",")) {
            return List.of(device(c.matches("\\d+") ? "cuda:" + c : c));
        }
        List<DeviceInfo> out = new java.util.ArrayList<>();
        java.util.Set<Integer> gpus = new java.util.HashSet<>();
        int cpus = 0;
        for (String part : c.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            DeviceInfo d = device(p.matches("\\d+") ? "cuda:" + p : p);
            if (d.kind() == DeviceInfo.Kind.CPU) {
                d = new CpuDevice(1, cpus++).info();
            } else if (!gpus.add(d.index())) {
                throw new IllegalArgumentException("--devices " + choice + ": GPU " + d.index() + " is listed twice");
            }
            out.add(d);
        }
        if (cpus > 0 && !gpus.isEmpty()) {
            throw new IllegalArgumentException("--devices " + choice + ": a group is all GPUs or all CPU devices, not a mix");
        }
        return out;
    }

    /** The profile the planner predicts this device with: its newest calibration, else the uncalibrated default. */
    public CalibrationProfile profileFor(DeviceInfo device) {
        return calibrations.latest(device).map(StoredCalibration::profile).orElseGet(() -> DeviceModels.uncalibrated(device));
    }

    /**
     * The prediction a run on this device is compared with: its kernel profile and no serving engine around the
     * kernels ({@link EngineProfile#kernelsOnly()}), because the executor launches an iteration's kernels alone.
     */
    public PerformanceModel performanceModel(DeviceInfo device, io.fleetwise.planner.model.ModelSpec model, int tp, int pp, int ep) {
        GpuType gpu = DeviceModels.gpuType(device);
        ReplicaConfig replica = ReplicaConfig.of(gpu, tp).withParallelism(tp, pp, ep);
        return PerformanceModel.create(model, replica, profileFor(device), EngineProfile.kernelsOnly());
    }

    /** {@link #profileFor} for every GPU type, with no serving engine: what a schedule for the executor is simulated with. */
    private CalibrationSet executorCalibration(DeviceInfo device) {
        return CalibrationSet.uniform(profileFor(device), EngineProfile.kernelsOnly());
    }

    /**
     * The first {@code iterations} batches a replica of {@code model} on this device would run under a Poisson
     * workload, from a simulation with the device's performance model.
     */
    public io.fleetwise.executor.run.IterationSchedule simulatedSchedule(DeviceInfo device, io.fleetwise.planner.model.ModelSpec model,
                                                                         int tp, int pp, int maxBatchTokens, String lengthPreset,
                                                                         double ratePerS, int iterations, ProgressListener listener) {
        GpuType gpu = DeviceModels.gpuType(device);
        ReplicaConfig replica = ReplicaConfig.of(gpu, tp).withParallelism(tp, pp, 1);
        if (maxBatchTokens > 0) {
            replica = replica.withBatching(io.fleetwise.planner.model.BatchingPolicy.sarathi(maxBatchTokens));
        }
        return io.fleetwise.profiler.schedule.SimulatedSchedule.build(model, replica, executorCalibration(device), lengthPreset, ratePerS,
                iterations, 1, listener);
    }

    /** The devices found, for screens that should not see executor types. */
    public record DeviceList(List<String> lines, List<String> choices, String noGpuReason) {
    }

    public DeviceList deviceList() {
        DeviceDiscovery.Result found = discover();
        List<String> choices = new java.util.ArrayList<>();
        found.gpus().forEach(g -> choices.add("cuda:" + g.index()));
        // Tensor-parallel groups of local GPUs (the all-reduces then run for real between them)
        for (int n = 2; n <= found.gpus().size(); n *= 2) {
            StringBuilder g = new StringBuilder();
            for (int i = 0; i < n; i++) {
                g.append(i == 0 ? "" : ",").append("cuda:").append(found.gpus().get(i).index());
            }
            choices.add(g.toString());
        }
        choices.add("cpu");
        choices.add("cpu,cpu");
        return new DeviceList(found.describe(), choices, found.cudaAvailable() ? "" : found.cudaUnavailableReason());
    }

    /** The calibration in use for a device choice ("cpu", "cuda:N"), if it has one. */
    public Optional<StoredCalibration> latestCalibration(String deviceChoice) {
        return calibrations.latest(devices(deviceChoice).get(0));
    }

    /** Simulates a schedule for the device (see {@link #simulatedSchedule}) and executes it: the first 10% of progress is the simulation. */
    public ExecutionReport executeSimulated(io.fleetwise.planner.model.ModelSpec model, int tp, int pp, String deviceChoice,
                                            int maxBatchTokens, String lengthPreset, double ratePerS, int iterations, String traceName,
                                            ProgressListener listener) {
        return executeSimulated(model, tp, pp, 1, deviceChoice, maxBatchTokens, lengthPreset, ratePerS, iterations, traceName, listener);
    }

    /** As above, for one GPU of a replica with expert parallelism {@code ep} (its share of the experts). */
    public ExecutionReport executeSimulated(io.fleetwise.planner.model.ModelSpec model, int tp, int pp, int ep, String deviceChoice,
                                            int maxBatchTokens, String lengthPreset, double ratePerS, int iterations, String traceName,
                                            ProgressListener listener) {
        ProgressListener l = listener == null ? ProgressListener.NONE : listener;
        DeviceInfo d = devices(deviceChoice).get(0);
        io.fleetwise.executor.run.IterationSchedule schedule = simulatedSchedule(d, model, tp, pp, maxBatchTokens, lengthPreset, ratePerS,
                iterations, l.part(0, 0.1));
        return execute(new ExecuteRequest(model, tp, pp, ep, 0, schedule, deviceChoice, io.fleetwise.executor.run.TimingMode.PER_KERNEL,
                traceName), l.part(0.1, 1.0));
    }

    /**
     * Runs, on a local device, what one GPU of a planned replica executes over the replica's own simulated schedule:
     * the first {@code iterations} batches of {@code replica} (its GPU type, parallelism and batching, predicted as
     * the planner predicts it) under a Poisson workload. The first 10% of progress is the simulation.
     */
    public ExecutionReport executePlanSchedule(io.fleetwise.planner.model.ModelSpec model, ReplicaConfig replica,
                                               CalibrationSet calibration, String deviceChoice,
                                               String lengthPreset, double ratePerS, int iterations, String traceName,
                                               ProgressListener listener) {
        ProgressListener l = listener == null ? ProgressListener.NONE : listener;
        io.fleetwise.executor.run.IterationSchedule schedule = io.fleetwise.profiler.schedule.SimulatedSchedule.build(model, replica,
                calibration, lengthPreset, ratePerS, iterations, 1, l.part(0, 0.1));
        return execute(new ExecuteRequest(model, replica.tp(), replica.pp(), replica.ep(), 0, schedule, deviceChoice,
                io.fleetwise.executor.run.TimingMode.PER_KERNEL, traceName), l.part(0.1, 1.0));
    }

    public ExecutionReport execute(ExecuteRequest request, ProgressListener listener) {
        ProgressListener l = listener == null ? ProgressListener.NONE : listener;
        List<DeviceInfo> group = devices(request.device());
        DeviceInfo device = group.get(0);
        ShardShape shard = ShardShape.of(request.model(), request.tp(), request.pp(), request.ep(), request.stage());
        CollectiveModel collectives = CollectiveModel.forGpu(DeviceModels.gpuType(device));
        PlanRunner.Options options = PlanRunner.Options.defaults().withMode(request.mode());
        ProgressListener runPart = l.part(0, 0.85);
        RunResult run;
        if (group.size() > 1) {
            run = runGroup(group, request, shard, collectives, options, runPart);
        } else if (device.kind() == DeviceInfo.Kind.CPU) {
            try (ComputeDevice cpu = new CpuDevice()) {
                // Untimed passes over the first iterations until they settle: on the CPU device the JIT compiles and
                // re-optimises the kernels' loops over the first passes, which would otherwise be measured.
                io.fleetwise.executor.run.IterationSchedule head = warmUpSchedule(request.schedule());
                ProgressListener warm = runPart.part(0, 0.1);
                io.fleetwise.profiler.calibrate.WarmUp.untilSettled(() -> {
                    long t0 = System.nanoTime();
                    new PlanRunner(cpu, shard, collectives, options).run(head, warm);
                    return System.nanoTime() - t0;
                }, 2, 5);
                run = new PlanRunner(cpu, shard, collectives, options).run(request.schedule(), runPart.part(0.1, 1.0));
            }
        } else {
            run = PlanRunner.runOnGpu(device, shard, collectives, request.schedule(), options, runPart);
        }
        if (l.isCancelled()) {
            throw new CancellationException("Execution cancelled");
        }
        TraceInfo trace = RunTraceWriter.write(traces, request.traceName(), run, l.part(0.85, 0.95));
        Optional<StoredCalibration> calibration = calibrations.latest(device);
        long profileId = profiles.save(request.traceName(), device, request.model().name(), run, trace.id(),
                calibration.map(StoredCalibration::id).orElse(null));
        Comparison comparison = PredictedVsMeasured.compare(run, request.schedule(),
                performanceModel(device, request.model(), request.tp(), request.pp(), request.ep()));
        l.progress(1.0, "Stored trace " + trace.id() + " and profile " + profileId);
        return new ExecutionReport(device, run, trace, profileId, calibration.map(StoredCalibration::id).orElse(null), comparison);
    }

    /** The first iterations of a schedule, with both prefill and decode work where the schedule has them (up to 3). */
    static io.fleetwise.executor.run.IterationSchedule warmUpSchedule(io.fleetwise.executor.run.IterationSchedule schedule) {
        List<io.fleetwise.executor.run.Iteration> all = schedule.iterations();
        return new io.fleetwise.executor.run.IterationSchedule(all.subList(0, Math.min(3, all.size())));
    }

    /** A tensor-parallel group on several local devices: the all-reduces run for real between them. */
    private static RunResult runGroup(List<DeviceInfo> group, ExecuteRequest request, ShardShape shard, CollectiveModel collectives,
                                      PlanRunner.Options options, ProgressListener l) {
        if (request.tp() != group.size()) {
            throw new IllegalArgumentException("--devices lists " + group.size() + " devices but --tp is " + request.tp()
                    + ": a group of local devices runs one whole tensor-parallel group, one device per rank");
        }
        if (request.ep() != 1) {
            throw new IllegalArgumentException("--devices with EP " + request.ep() + ": several local devices run tensor-parallel groups "
                    + "only; use one device (the EP all-to-all is then modelled)");
        }
        if (request.model().numKvHeads() % request.tp() != 0) {
            throw new IllegalArgumentException("--devices: " + request.model().name() + " has " + request.model().numKvHeads()
                    + " KV heads, not divisible by TP " + request.tp() + " (replicated KV heads are not split across devices)");
        }
        if (group.get(0).kind() == DeviceInfo.Kind.CPU) {
            List<CpuDevice> cpus = new java.util.ArrayList<>();
            long limit = Runtime.getRuntime().maxMemory() / 2 / group.size();
            for (int i = 0; i < group.size(); i++) {
                cpus.add(new CpuDevice(limit, i));
            }
            try {
                // Untimed first iteration, as for one CPU device: the JIT compiles the kernels' loops there.
                io.fleetwise.executor.run.IterationSchedule head = warmUpSchedule(request.schedule());
                io.fleetwise.profiler.calibrate.WarmUp.untilSettled(() -> {
                    long t0 = System.nanoTime();
                    PlanRunner.runTensorParallel(cpus, shard, collectives, head, options, l.part(0, 0.1));
                    return System.nanoTime() - t0;
                }, 2, 5);
                return PlanRunner.runTensorParallel(cpus, shard, collectives, request.schedule(), options, l.part(0.1, 1.0));
            } finally {
                cpus.forEach(CpuDevice::close);
            }
        }
        return PlanRunner.runOnGpus(group, shard, collectives, request.schedule(), options, l);
    }

    /** Runs the sweep on the device, fits its efficiency curves and stores them as the device's next calibration version. */
    public StoredCalibration calibrate(String deviceChoice, ProgressListener listener) {
        ProgressListener l = listener == null ? ProgressListener.NONE : listener;
        DeviceInfo device = device(deviceChoice);
        CalibrationSweep.Plan plan = CalibrationSweep.planFor(device);
        List<SweepPoint> points;
        if (device.kind() == DeviceInfo.Kind.CPU) {
            try (ComputeDevice cpu = new CpuDevice()) {
                points = CalibrationSweep.run(cpu, plan, l.part(0, 0.9));
            }
        } else {
            try (CudaDevice gpu = CudaDevice.open(device)) {
                points = CalibrationSweep.run(gpu, plan, l.part(0, 0.9));
            }
        }
        l.progress(0.92, "Fitting efficiency curves to " + points.size() + " timings");
        CalibrationProfile base = DeviceModels.uncalibrated(device);
        String what = device.kind() == DeviceInfo.Kind.CPU ? "the CPU device (plain Java; not a GPU)" : device.name();
        EfficiencyFit.Result fit = new EfficiencyFit(DeviceModels.gpuType(device), base).fit(points, base,
                "calibrated on " + device.name(), "efficiency curves fitted (Levenberg-Marquardt, log-time residuals) to a "
                        + points.size() + "-case sweep measured on " + what);
        StoredCalibration stored = calibrations.save(device, fit.profile(), fit.rmsLogError(), fit.points());
        l.progress(1.0, "Calibration " + stored.id() + " (version " + stored.version() + ") stored");
        return stored;
    }

}
