package io.fleetwise.views.engine;

import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.EngineProfiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EngineSelectionViewModelTest {

    @Test
    void choosingAnEngineTellsTheApplicationAndTheStatusLine() {
        List<EngineProfile> told = new ArrayList<>();
        EngineSelectionViewModel vm = new EngineSelectionViewModel(EngineProfiles.all(), EngineProfiles.defaultProfile(), told::add);
        vm.selectedProperty().set(EngineProfiles.sglang());
        assertThat(told).extracting(EngineProfile::id).containsExactly("sglang");
        assertThat(vm.descriptionProperty().get()).contains("SGLang").contains("sglang");
    }

    @Test
    void theSelectionCannotBeCleared() {
        List<EngineProfile> told = new ArrayList<>();
        EngineSelectionViewModel vm = new EngineSelectionViewModel(EngineProfiles.all(), EngineProfiles.vllm06(), told::add);
        vm.selectedProperty().set(null);
        assertThat(vm.selectedProperty().get().id()).isEqualTo("vllm-0.6");
        assertThat(told).isEmpty();
    }
}
