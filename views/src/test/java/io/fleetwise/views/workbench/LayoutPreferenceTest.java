package io.fleetwise.views.workbench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutPreferenceTest {

    private final AreaRegistry registry = new AreaRegistry()
            .add("Catalog", () -> null)
            .add("Cluster", () -> null)
            .add("Plans", () -> null);

    private final Preferences settings = Preferences.userRoot().node("io/fleetwise/test/" + UUID.randomUUID());

    @AfterEach
    void removeSettings() throws BackingStoreException {
        settings.removeNode();
    }

    private WorkbenchViewModel run() {
        WorkbenchViewModel viewModel = new WorkbenchViewModel(registry, "Demo study", "/tmp/f.db");
        viewModel.persistLayoutIn(settings);
        return viewModel;
    }

    @Test
    void theOpenAreaAndTheTasksPanelOfOneRunAreRestoredInTheNext() {
        WorkbenchViewModel first = run();
        assertThat(first.selectedAreaProperty().get().title()).isEqualTo("Catalog");
        assertThat(first.tasksPanelShownProperty().get()).isFalse();

        first.open("Plans");
        first.tasksPanelShownProperty().set(true);

        WorkbenchViewModel next = run();
        assertThat(next.selectedAreaProperty().get().title()).isEqualTo("Plans");
        assertThat(next.tasksPanelShownProperty().get()).isTrue();
    }

    @Test
    void anAreaThatNoLongerExistsOpensTheFirst() {
        settings.put(LayoutPreference.AREA_KEY, "Old area");

        assertThat(run().selectedAreaProperty().get().title()).isEqualTo("Catalog");
    }

    @Test
    void dividerPositionsRoundTripAndBadTextIsIgnored() {
        LayoutPreference layout = new LayoutPreference(settings);
        layout.rememberDividers("Plans.0", new double[] {0.3, 0.75});

        assertThat(new LayoutPreference(settings).dividers("Plans.0")).hasValueSatisfying(p ->
                assertThat(p).containsExactly(0.3, 0.75));

        settings.put(LayoutPreference.DIVIDERS_PREFIX + "Plans.1", "half,0.2");
        settings.put(LayoutPreference.DIVIDERS_PREFIX + "Plans.2", "1.7");
        assertThat(layout.dividers("Plans.1")).isEmpty();
        assertThat(layout.dividers("Plans.2")).isEmpty();
        assertThat(layout.dividers("Execute.0")).isEmpty();
    }
}
