package io.fleetwise.views.workbench;

import io.fleetwise.views.common.NotAvailableView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The workbench areas in navigation order, each with the factory of its view. The application's
 * composition root fills it; adding an area is one {@link #add} line there.
 */
public final class AreaRegistry {

    private final Map<String, WorkbenchArea> areas = new LinkedHashMap<>();
    private final Map<String, AreaViewFactory> factories = new LinkedHashMap<>();

    /** An area with real content. Registering a title again replaces the earlier entry, keeping its place. */
    public AreaRegistry add(String title, AreaViewFactory factory) {
        Objects.requireNonNull(factory, "factory");
        areas.put(title, new WorkbenchArea(title, ""));
        factories.put(title, factory);
        return this;
    }

    /** An area a later capability fills; it says so instead of showing made-up content. */
    public AreaRegistry pending(String title, String capability) {
        if (capability == null || capability.isBlank()) {
            throw new IllegalArgumentException("Pending area " + title + " needs the capability it arrives with");
        }
        areas.put(title, new WorkbenchArea(title, capability));
        factories.put(title, () -> NotAvailableView.create(title, capability));
        return this;
    }

    public List<WorkbenchArea> areas() {
        return new ArrayList<>(areas.values());
    }

    public AreaViewFactory factory(String title) {
        AreaViewFactory factory = factories.get(title);
        if (factory == null) {
            throw new NoSuchElementException("No workbench area '" + title + "'. Known: " + String.join(", ", areas.keySet()));
        }
        return factory;
    }
}
