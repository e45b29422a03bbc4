package io.fleetwise.views.engine;

import io.fleetwise.planner.engine.EngineProfile;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Which serving engine every area predicts with (the GUI's twin of {@code --engine}): one choice for the session,
 * handed to the application, which puts it into the calibration set the areas read. Results computed with another
 * engine then show as stale, because the set's fingerprint names the engine.
 */
public final class EngineSelectionViewModel {
    private final List<EngineProfile> engines;
    private final ObjectProperty<EngineProfile> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper(this, "description");
    private EngineProfile current;

    /**
     * @param engines  the engines to offer, in menu order
     * @param initial  the one in use now
     * @param onSelect told of every new choice (the application puts it into the calibration set)
     */
    public EngineSelectionViewModel(List<EngineProfile> engines, EngineProfile initial, Consumer<EngineProfile> onSelect) {
        this.engines = List.copyOf(engines);
        Objects.requireNonNull(onSelect, "onSelect");
        current = Objects.requireNonNull(initial, "initial");
        selected.set(initial);
        description.set(describe(initial));
        selected.addListener((obs, old, engine) -> {
            if (engine == null) {
                selected.set(old);
                return;
            }
            if (engine.equals(current)) {
                return;
            }
            current = engine;
            description.set(describe(engine));
            onSelect.accept(engine);
        });
    }

    public List<EngineProfile> engines() {
        return engines;
    }

    public ObjectProperty<EngineProfile> selectedProperty() {
        return selected;
    }

    /** "Predicting with vLLM V1 (0.8 and later) (vllm-v1)", for the status bar. */
    public ReadOnlyStringProperty descriptionProperty() {
        return description.getReadOnlyProperty();
    }

    private static String describe(EngineProfile engine) {
        return "Predicting with " + engine.describe();
    }
}
