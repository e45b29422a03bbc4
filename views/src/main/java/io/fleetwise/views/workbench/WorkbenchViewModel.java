package io.fleetwise.views.workbench;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Objects;

/** State of the main window: the areas, which one is open, the open study and the status line. */
public final class WorkbenchViewModel {

    private final AreaRegistry registry;
    private final ObservableList<WorkbenchArea> areas;
    private final ObjectProperty<WorkbenchArea> selectedArea = new SimpleObjectProperty<>(this, "selectedArea");
    private final ReadOnlyStringWrapper studyName = new ReadOnlyStringWrapper(this, "studyName", "");
    private final StringProperty statusMessage = new SimpleStringProperty(this, "statusMessage", "Ready");
    private final String storeDescription;
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);

    public WorkbenchViewModel(AreaRegistry registry, String studyName, String storeDescription) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.areas = FXCollections.unmodifiableObservableList(FXCollections.observableArrayList(registry.areas()));
        this.studyName.set(studyName);
        this.storeDescription = storeDescription;
        if (!areas.isEmpty()) {
            selectedArea.set(areas.get(0));
        }
    }

    public ObservableList<WorkbenchArea> areas() {
        return areas;
    }

    public List<String> areaTitles() {
        return areas.stream().map(WorkbenchArea::title).toList();
    }

    /** Opens the area with this title; unknown titles are an error naming the known ones. */
    public void open(String title) {
        selectedArea.set(areas.stream().filter(a -> a.title().equals(title)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No area '" + title + "'. Known: " + areaTitles())));
    }

    public AreaViewFactory factoryOf(WorkbenchArea area) {
        return registry.factory(area.title());
    }

    public ObjectProperty<WorkbenchArea> selectedAreaProperty() {
        return selectedArea;
    }

    public ReadOnlyStringProperty studyNameProperty() {
        return studyName.getReadOnlyProperty();
    }

    /** Makes the shown study name follow the open study (File > Open, Save as, ...). */
    public void followStudyName(javafx.beans.value.ObservableValue<String> name) {
        studyName.bind(name);
    }

    public StringProperty statusMessageProperty() {
        return statusMessage;
    }

    /** The light or dark look; the view applies it, {@link #persistThemeIn} remembers it. */
    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public void toggleTheme() {
        theme.set(theme.get().other());
    }

    /** Restores the theme chosen in an earlier run from {@code node} and saves each change there. */
    public void persistThemeIn(java.util.prefs.Preferences node) {
        ThemePreference.persist(theme, node);
    }

    public String storeDescription() {
        return storeDescription;
    }

    public String windowTitle() {
        return "Fleetwise — " + studyName.get();
    }
}
