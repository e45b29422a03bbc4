package io.fleetwise.profiler;

import io.fleetwise.datastore.Database;
import io.fleetwise.executor.device.DeviceDiscovery;
import io.fleetwise.executor.run.IterationSchedule;
import io.fleetwise.executor.run.TimingMode;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.profiler.compare.IterationComparison;
import io.fleetwise.datastore.calibration.StoredCalibration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accuracy target on a real GPU: calibrate cuda:0, run 16 simulated iterations of one GPU of a
 * Llama-3.1-8B TP8 replica, and require the calibrated model to predict the iteration times within 10% on
 * average. Runs only with {@code mvn -Pgpu} on a CUDA machine; it has not been run (no GPU where it was written).
 */
@Tag("gpu")
class GpuCalibrationAccuracyTest {

    @Test
    void calibratedModelPredictsMeasuredIterationTimesWithinTenPercent(@TempDir Path dir) {
        Catalog catalog = Catalog.builtIn();
        DeviceDiscovery.Result found = DeviceDiscovery.discover(catalog);
        Assumptions.assumeTrue(found.cudaAvailable(), "GPU test skipped: " + found.cudaUnavailableReason());
        Profiler profiler = new Profiler(Database.open(dir.resolve("gpu.db")), catalog, Clock.systemUTC());
        ModelSpec model = catalog.model("Llama-3.1-8B");

        StoredCalibration calibration = profiler.calibrate("cuda:0", ProgressListener.NONE);
        IterationSchedule schedule = profiler.simulatedSchedule(profiler.device("cuda:0"), model, 8, 1, 512, "chat", 20, 16,
                ProgressListener.NONE);
        ExecutionReport report = profiler.execute(new ExecuteRequest(model, 8, 1, 1, 0, schedule, "cuda:0", TimingMode.PER_ITERATION,
                "gpu accuracy"), ProgressListener.NONE);

        for (IterationComparison i : report.comparison().byIteration()) {
            System.out.printf(Locale.ROOT, "iteration %d %s measured %.3f ms predicted %.3f ms error %+.1f%%%n", i.iteration(), i.batch(),
                    i.totalMs(), i.predictedMs(), i.errorPct());
        }
        assertThat(report.calibrationId()).isEqualTo(calibration.id());
        assertThat(report.comparison().meanAbsIterationErrorPct()).isLessThan(10.0);
    }
}
