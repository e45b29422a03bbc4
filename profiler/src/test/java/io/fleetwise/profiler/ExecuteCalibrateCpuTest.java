package io.fleetwise.profiler;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.trace.SliceRow;
import io.fleetwise.datastore.trace.TrackInfo;
import io.fleetwise.executor.run.IterationSchedule;
import io.fleetwise.executor.run.TimingMode;
import io.fleetwise.executor.run.TimingRecord;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.profiler.schedule.SimulatedSchedule;
import io.fleetwise.datastore.calibration.StoredCalibration;
import io.fleetwise.profiler.store.StoredProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole path on the CPU device at tiny shapes: simulate a schedule, execute, store trace and profile, calibrate, predict. */
class ExecuteCalibrateCpuTest {

    private static IterationSchedule schedule(ModelSpec model, int iterations) {
        ReplicaConfig replica = ReplicaConfig.of(Catalog.builtIn().gpus().get(0), 1).withBatching(BatchingPolicy.sarathi(64));
        return SimulatedSchedule.build(model, replica, CalibrationSet.builtIn(), "chat", 20, iterations, 3, ProgressListener.NONE);
    }

    @Test
    void executeStoresTraceAndProfileThenCalibrationIsUsedForTheNextPrediction(@TempDir Path dir) {
        Database db = Database.open(dir.resolve("p.db"));
        Profiler profiler = new Profiler(db, Catalog.builtIn(), Clock.systemUTC());
        ModelSpec model = TinyModel.spec();
        IterationSchedule schedule = schedule(model, 4);
        assertThat(schedule.iterations()).hasSize(4);
        assertThat(schedule.iterations().stream().mapToInt(i -> i.tokens()).max().orElseThrow()).isLessThanOrEqualTo(64 + 64);

        ExecutionReport first = profiler.execute(new ExecuteRequest(model, 2, 1, 1, 0, schedule, "cpu", TimingMode.PER_KERNEL, "tiny run"),
                ProgressListener.NONE);

        assertThat(first.cpuDevice()).isTrue();
        assertThat(first.calibrationId()).isNull();
        assertThat(first.comparison().profileName()).startsWith("uncalibrated");
        StoredProfile stored = profiler.profiles().load(first.profileId()).orElseThrow();
        assertThat(stored.samples()).hasSize(first.run().records().size());
        assertThat(stored.deviceKind()).isEqualTo("CPU");
        assertThat(stored.traceId()).isEqualTo(first.trace().id());
        assertThat(stored.samples()).anyMatch(r -> r.op().equals("allreduce_attn") && r.modelled());
        assertThat(stored.samples().stream().mapToLong(TimingRecord::timeNs).sum())
                .isEqualTo(first.run().records().stream().mapToLong(TimingRecord::timeNs).sum());

        List<TrackInfo> tracks = profiler.traces().tracks(first.trace().id());
        assertThat(tracks).extracting(TrackInfo::name).contains("stream 0 (measured)", "collectives (modelled, not run)");
        List<SliceRow> slices = new ArrayList<>();
        profiler.traces().forEachSlice(first.trace().id(), slices::add);
        assertThat(slices).filteredOn(s -> s.name().startsWith("iteration ")).hasSize(4).allMatch(s -> s.depth() == 0);
        assertThat(slices).filteredOn(s -> s.name().startsWith("layer ")).hasSize(4 * 2).allMatch(s -> s.depth() == 1);
        assertThat(slices).filteredOn(s -> s.name().equals("gemm_qkv")).allMatch(s -> s.depth() == 2);
        assertThat(slices).filteredOn(s -> s.name().equals("allreduce_attn")).isNotEmpty()
                .allMatch(s -> s.argsJson() != null && s.argsJson().contains("\"modelled\":true"));
        long iterationSum = slices.stream().filter(s -> s.name().startsWith("iteration ")).mapToLong(SliceRow::durNs).sum();
        assertThat(iterationSum).isEqualTo(first.run().records().stream().mapToLong(TimingRecord::timeNs).sum());

        StoredCalibration calibration = profiler.calibrate("cpu", ProgressListener.NONE);

        assertThat(calibration.version()).isEqualTo(1);
        assertThat(calibration.deviceKind()).isEqualTo("CPU");
        assertThat(calibration.sweepPoints()).isGreaterThan(20);
        assertThat(calibration.profile().source()).contains("CPU device");
        ExecutionReport second = profiler.execute(new ExecuteRequest(model, 2, 1, 1, 0, schedule, "cpu", TimingMode.PER_KERNEL, null),
                ProgressListener.NONE);
        assertThat(second.calibrationId()).isEqualTo(calibration.id());
        assertThat(second.comparison().profileName()).isEqualTo(calibration.profile().name());
        assertThat(profiler.profileFor(second.device()).name()).isEqualTo(calibration.profile().name());
        // Calibrated on this device, the prediction should be far closer than the H100 curves applied to reference peaks.
        assertThat(Math.abs(second.comparison().totalErrorPct())).isLessThan(Math.abs(first.comparison().totalErrorPct()));
    }

    @Test
    void cancellingAnExecutionStoresNothing(@TempDir Path dir) {
        Database db = Database.open(dir.resolve("c.db"));
        Profiler profiler = new Profiler(db, Catalog.builtIn(), Clock.systemUTC());
        ModelSpec model = TinyModel.spec();
        IterationSchedule schedule = schedule(model, 3);
        ProgressListener cancelled = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };

        assertThatThrownBy(() -> profiler.execute(new ExecuteRequest(model, 1, 1, 1, 0, schedule, "cpu", TimingMode.PER_KERNEL, "x"),
                cancelled)).isInstanceOf(CancellationException.class);
        assertThat(profiler.traces().listTraces()).isEmpty();
    }

    @Test
    void askingForAGpuWithoutOneSaysWhyAndNamesTheCpuDevice(@TempDir Path dir) {
        Profiler profiler = new Profiler(Database.open(dir.resolve("g.db")), Catalog.builtIn(), Clock.systemUTC());
        org.junit.jupiter.api.Assumptions.assumeFalse(profiler.discover().cudaAvailable(), "a GPU is present here");

        assertThatThrownBy(() -> profiler.device("cuda:0")).hasMessageContaining("--device cuda:0").hasMessageContaining("--device cpu");
        assertThatThrownBy(() -> profiler.device("tpu")).hasMessageContaining("expected cpu or cuda:N");
    }

    @Test
    void aTensorParallelGroupOfTwoCpuDevicesStoresItsAllReducesAsMeasured(@TempDir Path dir) {
        Profiler profiler = new Profiler(Database.open(dir.resolve("g.db")), Catalog.builtIn(), Clock.systemUTC());
        ModelSpec model = TinyModel.spec();
        ExecutionReport r = profiler.execute(new ExecuteRequest(model, 2, 1, 1, 0, schedule(model, 2), "cpu,cpu",
                TimingMode.PER_KERNEL, "tp group"), ProgressListener.NONE);

        assertThat(r.allReduceRanForReal()).isTrue();
        StoredProfile stored = profiler.profiles().load(r.profileId()).orElseThrow();
        assertThat(stored.samples()).filteredOn(t -> t.op().startsWith("allreduce")).isNotEmpty().noneMatch(TimingRecord::modelled);
        List<SliceRow> slices = new ArrayList<>();
        profiler.traces().forEachSlice(r.trace().id(), slices::add);
        assertThat(slices).filteredOn(s -> s.name().equals("allreduce_ffn")).isNotEmpty().allSatisfy(s -> {
            assertThat(s.category()).isEqualTo("collective (measured)");
            assertThat(s.argsJson()).contains("\"modelled\":false", "ring");
        });
    }
}
