package io.fleetwise.views.fleet;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One GPU type the user may buy: whether it is a candidate, its price per GPU-hour (prefilled from the
 * catalog for the chosen price kind, editable) and an availability cap in GPUs (blank = unlimited).
 * {@link #replicaProperty()} says which replica sizes the fleet allocation considers for the model on it, every
 * one of them (e.g. "TP4, TP8").
 */
public final class CandidateRow {

    private final String gpuName;
    private final BooleanProperty selected = new SimpleBooleanProperty(this, "selected", false);
    private final StringProperty priceText = new SimpleStringProperty(this, "priceText", "");
    private final StringProperty capText = new SimpleStringProperty(this, "capText", "");
    final ReadOnlyStringWrapper replica = new ReadOnlyStringWrapper(this, "replica", "");

    CandidateRow(String gpuName) {
        this.gpuName = gpuName;
    }

    public String gpuName() {
        return gpuName;
    }

    public BooleanProperty selectedProperty() {
        return selected;
    }

    public StringProperty priceTextProperty() {
        return priceText;
    }

    public StringProperty capTextProperty() {
        return capText;
    }

    public ReadOnlyStringProperty replicaProperty() {
        return replica.getReadOnlyProperty();
    }
}
