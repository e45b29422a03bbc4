package io.fleetwise.views.execute;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.datastore.Database;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.HuggingFaceConfigImporter;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.perf.OperatorClass;
import io.fleetwise.planner.study.ExecutionResultJson;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import io.fleetwise.profiler.Profiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExecuteViewModelTest {
    @TempDir
    Path dir;

    private Catalog catalogWithTinyModel() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("tiny-llama-config.json")) {
            ModelSpec tiny = HuggingFaceConfigImporter.parse("tiny-llama-config.json", new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "tiny-llama");
            return Catalog.builtIn().withModel(tiny);
        }
    }

    private ExecuteViewModel viewModel(TaskExecutor executor) throws Exception {
        Catalog catalog = catalogWithTinyModel();
        Profiler profiler = new Profiler(Database.open(dir.resolve("e.db")), catalog, Clock.systemUTC());
        return new ExecuteViewModel(profiler, () -> catalog, CalibrationSet::builtIn, executor, Runnable::run);
    }

    @Test
    void devicesAlwaysOfferTheCpuAndSayWhyThereIsNoGpu() throws Exception {
        ExecuteViewModel vm = viewModel(new CurrentThreadTaskExecutor());

        assertThat(vm.deviceChoices()).contains("cpu");
        assertThat(vm.deviceLines()).anyMatch(l -> l.startsWith("CPU device"));
        if (vm.deviceChoices().size() == 1) {
            assertThat(vm.noGpuReasonProperty().get()).matches("(no CUDA driver|no CUDA device|CUDA driver error).*CPU device.*");
        }
        assertThat(vm.calibrationInfoProperty().get()).startsWith("Not calibrated");
        assertThat(vm.modelNames()).contains("tiny-llama").doesNotContain("DeepSeek-V3");
    }

    /**
     * A fresh install: no imported model, the CPU device. The form opens on the catalog's smallest model (the real
     * SmolLM2-135M config) and Run with every default setting executes it; before, it opened on an 8B model that
     * did not fit and nothing could run without importing a model through the command line.
     */
    @Test
    void onTheCpuDeviceTheFormOpensOnTheTinyCatalogModelAndRunsItWithItsDefaults() throws Exception {
        Catalog catalog = Catalog.builtIn();
        Profiler profiler = new Profiler(Database.open(dir.resolve("fresh.db")), catalog, Clock.systemUTC());
        ExecuteViewModel vm = new ExecuteViewModel(profiler, () -> catalog, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(),
                Runnable::run);

        assertThat(vm.deviceProperty().get()).isEqualTo("cpu");
        assertThat(vm.modelNameProperty().get()).isEqualTo("SmolLM2-135M");
        assertThat(catalog.model("SmolLM2-135M").source()).contains("huggingface.co/HuggingFaceTB/SmolLM2-135M");

        vm.run();

        assertThat(vm.statusIsErrorProperty().get()).as(vm.statusProperty().get()).isFalse();
        assertThat(vm.iterationRows()).hasSize(vm.iterationsProperty().get());
        assertThat(vm.operatorRows()).anyMatch(o -> o.operatorClass() == OperatorClass.FFN_GEMM && o.measuredMs() > 0);
        assertThat(vm.reportProperty().get().trace().id()).isPositive();
    }

    @Test
    void runOnTheCpuDeviceFillsMeasuredAgainstPredictedAndPointsToTheTimeline() throws Exception {
        ExecuteViewModel vm = viewModel(new CurrentThreadTaskExecutor());
        vm.modelNameProperty().set("tiny-llama");
        vm.tensorParallelProperty().set(2);
        vm.iterationsProperty().set(3);
        vm.maxBatchTokensProperty().set(48);

        vm.run();

        assertThat(vm.statusIsErrorProperty().get()).as(vm.statusProperty().get()).isFalse();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.iterationRows()).hasSize(3);
        assertThat(vm.operatorRows()).anyMatch(o -> o.operatorClass() == OperatorClass.QKV_GEMM && o.measuredMs() > 0 && o.predictedMs() > 0);
        assertThat(vm.operatorRows()).anyMatch(o -> o.operatorClass() == OperatorClass.TP_ALL_REDUCE && o.modelled());
        assertThat(vm.traceNoteProperty().get()).contains("Timeline").contains("Trace " + vm.reportProperty().get().trace().id());
        assertThat(vm.measurementNoteProperty().get()).contains("CPU device", "not a GPU");
        assertThat(vm.scheduleSummaryProperty().get()).startsWith("Schedule: the simulated replica's first 3 iterations");
        assertThat(vm.progressProperty().get()).isEqualTo(1.0);

        vm.calibrate();

        assertThat(vm.statusProperty().get()).as(vm.statusProperty().get()).startsWith("Stored calibration");
        assertThat(vm.calibrationInfoProperty().get()).startsWith("Calibrated: cpu version 1");
    }

    @Test
    void aRunWithAStudyOpenIsRecordedInTheStudyWithItsComparison() throws Exception {
        java.util.concurrent.atomic.AtomicReference<io.fleetwise.planner.study.StudyDocument> study =
                new java.util.concurrent.atomic.AtomicReference<>(io.fleetwise.planner.study.StudyDocument.empty("s"));
        ExecuteViewModel vm = viewModel(new CurrentThreadTaskExecutor()).recordIn(change -> {
            study.set(change.apply(study.get()));
            return true;
        });
        vm.modelNameProperty().set("tiny-llama");
        vm.iterationsProperty().set(2);
        vm.maxBatchTokensProperty().set(32);

        vm.run();

        var report = vm.reportProperty().get();
        assertThat(study.get().runIds()).containsExactly(report.profileId());
        assertThat(study.get().traceIds()).containsExactly(report.trace().id());
        List<ExecutionResultJson.Run> runs = ExecutionResultJson.read(study.get().results().get(ExecutionResultJson.KEY));
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.model()).isEqualTo("tiny-llama");
            assertThat(r.rows().get(0).metric()).isEqualTo("total");
            assertThat(r.rows().get(0).measuredMs()).isEqualTo(report.comparison().measuredTotalMs());
            assertThat(r.rows()).hasSize(1 + report.comparison().byOperator().size());
        });
    }

    @Test
    void aBadRateIsRefusedWithTheFieldNamedAndNothingRuns() throws Exception {
        int[] started = {0};
        TaskExecutor counting = new TaskExecutor() {
            @Override
            public <V> TaskHandle execute(BackgroundTask<V> task) {
                started[0]++;
                return new CurrentThreadTaskExecutor().execute(task);
            }
        };
        ExecuteViewModel vm = viewModel(counting);
        vm.rateTextProperty().set("fast");

        vm.run();

        assertThat(started[0]).isZero();
        assertThat(vm.statusIsErrorProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).contains("Rate", "fast");
    }

    @Test
    void cancellingARunSaysNothingWasStoredAndFreesTheView() throws Exception {
        TaskExecutor cancelledAtOnce = new TaskExecutor() {
            @Override
            public <V> TaskHandle execute(BackgroundTask<V> task) {
                try {
                    task.succeeded(task.call(new io.fleetwise.planner.progress.ProgressListener() {
                        @Override
                        public void progress(double fraction, String message) {
                        }

                        @Override
                        public boolean isCancelled() {
                            return true;
                        }
                    }));
                } catch (Exception e) {
                    task.failed(e);
                }
                return new TaskHandle() {
                    @Override
                    public void cancel() {
                    }

                    @Override
                    public boolean isCancelled() {
                        return true;
                    }

                    @Override
                    public boolean isDone() {
                        return true;
                    }
                };
            }
        };
        ExecuteViewModel vm = viewModel(cancelledAtOnce);
        vm.modelNameProperty().set("tiny-llama");

        vm.run();

        assertThat(vm.statusProperty().get()).isEqualTo("Cancelled: nothing was stored.");
        assertThat(vm.statusIsErrorProperty().get()).isFalse();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.iterationRows()).isEmpty();
    }

    @Test
    void aModelTooBigForTheCpuDeviceFailsWithAClearMessageAndTheViewStaysUsable() throws Exception {
        ExecuteViewModel vm = viewModel(new CurrentThreadTaskExecutor());
        vm.modelNameProperty().set("Llama-3.1-405B");
        vm.iterationsProperty().set(1);

        vm.run();

        assertThat(vm.statusIsErrorProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).containsIgnoringCase("memory");
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void aGroupOfTwoCpuDevicesRunsTheAllReduceForReal() throws Exception {
        ExecuteViewModel vm = viewModel(new CurrentThreadTaskExecutor());
        assertThat(vm.deviceChoices()).contains("cpu,cpu");
        vm.modelNameProperty().set("tiny-llama");
        vm.tensorParallelProperty().set(2);
        vm.iterationsProperty().set(2);
        vm.maxBatchTokensProperty().set(32);
        vm.selectDevice("cpu,cpu");

        vm.run();

        assertThat(vm.statusIsErrorProperty().get()).as(vm.statusProperty().get()).isFalse();
        assertThat(vm.measurementNoteProperty().get()).contains("ran for real between the 2 devices");
    }
}
