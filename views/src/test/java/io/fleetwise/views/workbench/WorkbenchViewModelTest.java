package io.fleetwise.views.workbench;

import io.fleetwise.views.common.NotAvailableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkbenchViewModelTest {

    private final AreaRegistry registry = new AreaRegistry()
            .add("Catalog", () -> null)
            .pending("Timeline", "the trace store and timeline viewer")
            .pending("Reports", "PDF and CSV reports");

    private final Preferences settings = Preferences.userRoot().node("io/fleetwise/test/" + UUID.randomUUID());

    @AfterEach
    void removeSettings() throws BackingStoreException {
        settings.removeNode();
    }

    @Test
    void theThemeChosenInOneRunIsRestoredInTheNext() {
        WorkbenchViewModel firstRun = new WorkbenchViewModel(registry, "Demo study", "/tmp/f.db");
        firstRun.persistThemeIn(settings);
        assertThat(firstRun.themeProperty().get()).isEqualTo(Theme.LIGHT);

        firstRun.toggleTheme();

        WorkbenchViewModel nextRun = new WorkbenchViewModel(registry, "Demo study", "/tmp/f.db");
        nextRun.persistThemeIn(settings);
        assertThat(nextRun.themeProperty().get()).isEqualTo(Theme.DARK);
    }

    @Test
    void anUnknownStoredThemeFallsBackToLight() {
        settings.put("theme", "solarized");
        WorkbenchViewModel viewModel = new WorkbenchViewModel(registry, "Demo study", "/tmp/f.db");

        viewModel.persistThemeIn(settings);

        assertThat(viewModel.themeProperty().get()).isEqualTo(Theme.LIGHT);
    }

    @Test
    void theFirstNineAreasHaveCtrlDigitShortcutsInOrder() {
        assertThat(WorkbenchShortcuts.areaShortcut(0)).hasValueSatisfying(k -> assertThat(k.getName()).endsWith("1"));
        assertThat(WorkbenchShortcuts.areaShortcut(8)).hasValueSatisfying(k -> assertThat(k.getName()).endsWith("9"));
        assertThat(WorkbenchShortcuts.areaShortcut(9)).isEmpty();
    }

    @Test
    void theAboutTextNamesTheStoreAndWhereCatalogNumbersComeFrom() {
        assertThat(WorkbenchView.aboutText("/home/u/fleetwise.db"))
                .contains("Store: /home/u/fleetwise.db").contains("Catalog sources").contains("Spec source");
    }

    @Test
    void areasKeepTheirRegistrationOrderAndTheFirstIsOpen() {
        WorkbenchViewModel viewModel = new WorkbenchViewModel(registry, "Demo study", "/tmp/f.db");

        assertThat(viewModel.areaTitles()).containsExactly("Catalog", "Timeline", "Reports");
        assertThat(viewModel.selectedAreaProperty().get().title()).isEqualTo("Catalog");
    }

    @Test
    void registeringAPendingAreaAgainWithAViewMakesItAvailableInPlace() {
        registry.add("Timeline", () -> null);

        assertThat(registry.areas()).extracting(WorkbenchArea::title).containsExactly("Catalog", "Timeline", "Reports");
        assertThat(registry.areas().get(1).isAvailable()).isTrue();
    }

    @Test
    void openingAnAreaSelectsIt() {
        WorkbenchViewModel viewModel = new WorkbenchViewModel(registry, "Demo study", "/tmp/f.db");

        viewModel.open("Reports");

        assertThat(viewModel.selectedAreaProperty().get().pendingCapability()).isEqualTo("PDF and CSV reports");
    }

    @Test
    void openingAnUnknownAreaNamesTheKnownOnes() {
        WorkbenchViewModel viewModel = new WorkbenchViewModel(registry, "Demo study", "/tmp/f.db");

        assertThatThrownBy(() -> viewModel.open("Billing")).hasMessageContaining("Billing").hasMessageContaining("Catalog");
    }

    @Test
    void aPendingAreaSaysWhatItArrivesWith() {
        assertThat(NotAvailableView.message("Timeline", "the trace store and timeline viewer"))
                .isEqualTo("Timeline arrives with the trace store and timeline viewer; not available yet.");
    }

    @Test
    void theWindowTitleNamesTheStudy() {
        assertThat(new WorkbenchViewModel(registry, "Demo study", "/tmp/f.db").windowTitle()).contains("Demo study");
    }
}
