package io.fleetwise.profiler.runs;

import io.fleetwise.datastore.engine.EngineFitRepository;
import io.fleetwise.datastore.engine.StoredEngineFit;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.progress.ProgressListener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The calibrate-from-runs workflow the command line and the GUI share: read the run files, fit the engine profile to
 * them ({@link RunFit}), and store the result as the engine's next fitted version. Nothing is stored when reading,
 * fitting or the user's cancel fails.
 */
public final class RunCalibration {

    /**
     * @param runFiles   command-line style run arguments: a benchmark result file, or METRICS=REQUESTS
     * @param base       the calibrations predictions start from: the GPU type's curves and the engine profile whose
     *                   host costs the fit starts from; the fit is stored under that engine's id
     * @param store      whether to store the fit (false: only report it)
     */
    public record Request(List<String> runFiles, ServingDeployment deployment, CalibrationSet base, String label,
                          boolean store) {
        public Request {
            runFiles = List.copyOf(runFiles);
            Objects.requireNonNull(deployment, "deployment");
            Objects.requireNonNull(base, "base");
            if (runFiles.isEmpty()) {
                throw new IllegalArgumentException("Calibrating from runs needs at least one run file.");
            }
        }
    }

    /** @param stored the stored fit, or null when the request did not store it */
    public record Outcome(List<ServingRun> runs, RunFitResult fit, StoredEngineFit stored, String reportJson) {
    }

    private RunCalibration() {
    }

    /** Reads every run file first, so a malformed one stops the work before any fitting. */
    public static List<ServingRun> readRuns(List<String> runFiles) throws IOException {
        List<ServingRun> runs = new ArrayList<>();
        for (String f : runFiles) {
            runs.addAll(ServingRunReaders.read(f));
        }
        return runs;
    }

    public static Outcome run(Request request, EngineFitRepository repository, ProgressListener listener) throws IOException {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        progress.progress(0, "reading " + request.runFiles().size() + " run file(s)");
        List<ServingRun> runs = readRuns(request.runFiles());
        RunFitResult fit = new RunFit(request.deployment(), request.base(), progress).fit(runs);
        String engine = request.base().engine().id();
        String report = RunFitReport.toJson(request.deployment(), engine, runs, fit).toString();
        StoredEngineFit stored = null;
        if (request.store()) {
            String label = request.label() == null || request.label().isBlank()
                    ? runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " of " + request.deployment().label()
                    : request.label().trim();
            stored = repository.save(engine, label, request.deployment().replica().gpu().name(),
                    request.deployment().label(), fit.fitted(), runs.size(), fit.rmsLogError(),
                    fit.medianLeaveOneOutError(), report);
        }
        return new Outcome(runs, fit, stored, report);
    }
}
