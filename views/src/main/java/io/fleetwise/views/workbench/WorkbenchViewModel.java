package io.fleetwise.views.workbench;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
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
    private final BooleanProperty tasksPanelShown = new SimpleBooleanProperty(this, "tasksPanelShown", false);
    private LayoutPreference layout;

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

    /** Whether the running-tasks panel is open (the status bar's Tasks button toggles it). */
    public BooleanProperty tasksPanelShownProperty() {
        return tasksPanelShown;
    }

    /**
     * Restores the open area, the tasks panel and (as areas are built) their split-pane dividers from an earlier
     * run, and saves each change in {@code node}.
     */
    public void persistLayoutIn(java.util.prefs.Preferences node) {
        layout = new LayoutPreference(node);
        layout.persist(selectedArea, areas, tasksPanelShown);
    }

    /** The layout memory, when {@link #persistLayoutIn} was called. */
    java.util.Optional<LayoutPreference> layout() {
        return java.util.Optional.ofNullable(layout);
    }

    /** Writes what the layout memory holds (divider drags are only kept in memory until then). */
    public void saveLayout() {
        if (layout != null) {
            layout.flush();
        }
    }

    public String storeDescription() {
        return storeDescription;
    }

    public String windowTitle() {
        return "Fleetwise — " + studyName.get();
    }
}
