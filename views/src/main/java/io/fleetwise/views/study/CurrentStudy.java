package io.fleetwise.views.study;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.study.StudyDocument;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The study open in the workbench, for every area: read {@link #documentProperty()} (cluster, model, workload, SLO,
 * results) and change it with {@link #edit}, which makes the change undoable and autosaves it. Use on the FX thread.
 */
public final class CurrentStudy {

    private static final int UNDO_LIMIT = 200;

    private final ReadOnlyObjectWrapper<StudyDocument> document = new ReadOnlyObjectWrapper<>(this, "document");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final Deque<StudyDocument> undoStack = new ArrayDeque<>();
    private final Deque<StudyDocument> redoStack = new ArrayDeque<>();
    private final Autosave autosave;
    private final Supplier<Catalog> catalog;
    private long id = -1;

    public CurrentStudy(Autosave autosave, Supplier<Catalog> catalog) {
        this.autosave = Objects.requireNonNull(autosave, "autosave");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** The open study; never null once a study is loaded. */
    public ReadOnlyObjectProperty<StudyDocument> documentProperty() {
        return document.getReadOnlyProperty();
    }

    public StudyDocument document() {
        return document.get();
    }

    /** The store id of the open study. */
    public long id() {
        return id;
    }

    /** The catalog (with the user's prices) the study's GPU types and model come from. */
    public Catalog catalog() {
        return catalog.get();
    }

    /**
     * Applies {@code change} to the document. Returns false (and records nothing) when it changes nothing. An
     * exception from {@code change} (a value the records refuse) leaves the study as it was.
     */
    public boolean edit(UnaryOperator<StudyDocument> change) {
        StudyDocument before = requireLoaded();
        StudyDocument after = Objects.requireNonNull(change.apply(before), "edited document");
        if (after.equals(before)) {
            return false;
        }
        undoStack.push(before);
        if (undoStack.size() > UNDO_LIMIT) {
            undoStack.removeLast();
        }
        redoStack.clear();
        apply(after);
        return true;
    }

    public void undo() {
        if (!undoStack.isEmpty()) {
            redoStack.push(requireLoaded());
            apply(undoStack.pop());
        }
    }

    public void redo() {
        if (!redoStack.isEmpty()) {
            undoStack.push(requireLoaded());
            apply(redoStack.pop());
        }
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    /** Makes another stored study the open one; what is pending of the previous one is saved first. */
    public void load(long studyId, StudyDocument loaded) {
        autosave.flush();
        undoStack.clear();
        redoStack.clear();
        id = studyId;
        document.set(Objects.requireNonNull(loaded, "loaded"));
        updateFlags();
    }

    void flush() {
        autosave.flush();
    }

    private void apply(StudyDocument doc) {
        document.set(doc);
        updateFlags();
        autosave.schedule(id, doc);
    }

    private void updateFlags() {
        canUndo.set(!undoStack.isEmpty());
        canRedo.set(!redoStack.isEmpty());
    }

    private StudyDocument requireLoaded() {
        StudyDocument doc = document.get();
        if (doc == null) {
            throw new IllegalStateException("No study is open");
        }
        return doc;
    }
}
