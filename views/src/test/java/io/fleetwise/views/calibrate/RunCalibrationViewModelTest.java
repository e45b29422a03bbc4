package io.fleetwise.views.calibrate;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.engine.EngineFitRepository;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunCalibrationViewModelTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    @TempDir
    Path dir;
    private EngineFitRepository repository;
    private RunCalibrationViewModel vm;
    private int storedCalls;

    @BeforeEach
    void setUp() {
        repository = new EngineFitRepository(Database.open(dir.resolve("f.db")), Clock.systemUTC());
        vm = new RunCalibrationViewModel(() -> CATALOG, io.fleetwise.planner.calibration.CalibrationSet::builtIn, repository,
                new CurrentThreadTaskExecutor(), Runnable::run)
                .onStored(() -> storedCalls++);
    }

    private Path result(String name, int concurrency, double ttftMs, double tpotMs) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "{\"backend\": \"vllm\", \"model_id\": \"meta-llama/Llama-3.1-8B-Instruct\", \"request_rate\": \"inf\","
                + " \"max_concurrency\": " + concurrency + ", \"duration\": 20, \"completed\": 100, \"total_input_tokens\": 51200,"
                + " \"total_output_tokens\": 12800, \"output_throughput\": 640, \"mean_ttft_ms\": " + ttftMs
                + ", \"mean_tpot_ms\": " + tpotMs + "}");
        return f;
    }

    @Test
    void withoutRunsThereIsNothingToFit() {
        assertThat(vm.validationMessageProperty().get()).isEqualTo("Add at least one measured run.");
        assertThat(vm.canFitProperty().get()).isFalse();
    }

    @Test
    void aMissingRunFileIsNamedBeforeAnyWork() {
        vm.addResultFiles(List.of(dir.resolve("gone.json")));
        assertThat(vm.validationMessageProperty().get()).isEqualTo("Run file " + dir.resolve("gone.json") + " does not exist.");
    }

    @Test
    void aFitShowsEachRunsErrorsAndTheParametersAndStoresTheProfile() throws Exception {
        vm.addResultFiles(List.of(result("c2.json", 2, 45, 8.5), result("c16.json", 16, 70, 14)));
        assertThat(vm.canFitProperty().get()).isTrue();
        vm.fit();
        assertThat(vm.statusIsErrorProperty().get()).as(vm.statusProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).startsWith("Stored as vllm-v1:v1");
        assertThat(vm.runRows()).hasSize(2).allSatisfy(r -> assertThat(r.heldOutTpotError()).isNotNaN());
        assertThat(vm.parameterRows()).extracting(ParameterRow::name)
                .containsExactlyElementsOf(io.fleetwise.planner.engine.HostCosts.PARAMETER_NAMES);
        assertThat(repository.all()).hasSize(1);
        assertThat(storedCalls).isEqualTo(1);
    }

    @Test
    void aMalformedRunFailsWithItsPlaceAndStoresNothing() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"request_rate\": \"fast\", \"duration\": 3, \"completed\": 2}");
        vm.addResultFiles(List.of(bad));
        vm.fit();
        assertThat(vm.statusIsErrorProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).isEqualTo("Fit failed: bad.json field request_rate: expected a number > 0 or \"inf\", was \"fast\"");
        assertThat(repository.all()).isEmpty();
        assertThat(storedCalls).isZero();
    }

    @Test
    void aDeploymentThatDoesNotFitIsRefused() throws Exception {
        vm.addResultFiles(List.of(result("c2.json", 2, 45, 8.5)));
        vm.modelNameProperty().set("Llama-3.1-405B");
        assertThat(vm.validationMessageProperty().get()).contains("does not fit by");
        assertThat(vm.canFitProperty().get()).isFalse();
    }
}
