package io.fleetwise.views.study;

import io.fleetwise.datastore.study.Study;
import io.fleetwise.datastore.study.StudyStore;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Study lifecycle for the File menu: new, open, save as, duplicate, delete, recent, export and import. Failures
 * become {@link #messageProperty()} text (naming the study, file or field) and leave the open study as it was.
 */
public final class StudyViewModel {

    static final int RECENT_LIMIT = 8;

    private final StudyStore store;
    private final CurrentStudy current;
    private final TaskExecutor executor;
    private final ObservableList<String> recentNames = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError");
    private final StringBinding studyName;

    public StudyViewModel(StudyStore store, CurrentStudy current, TaskExecutor executor) {
        this.store = Objects.requireNonNull(store, "store");
        this.current = Objects.requireNonNull(current, "current");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.studyName = Bindings.createStringBinding(
                () -> current.document() == null ? "" : current.document().name(), current.documentProperty());
    }

    public CurrentStudy current() {
        return current;
    }

    /** Opens the study with this name; false (and a message) when it cannot be read. */
    public boolean open(String name) {
        try {
            StudyStore.StoredStudy stored = store.open(name);
            show(stored);
            info("Opened study '" + name + "'");
            return true;
        } catch (RuntimeException e) {
            error(e);
            return false;
        }
    }

    public boolean openLatest(String fallbackName) {
        List<Study> recent = store.repository().recent(1);
        return open(recent.isEmpty() ? fallbackName : recent.get(0).name());
    }

    public boolean newStudy(String name) {
        return create(StudyDocument.empty(name == null ? "" : name.trim()), "Created");
    }

    /** Stores the open study's document under a new name and continues there; the original stays as it was saved. */
    public boolean saveAs(String name) {
        current.flush();
        return create(current.document().withName(name == null ? "" : name.trim()), "Saved as");
    }

    public boolean duplicate() {
        current.flush();
        return create(current.document().withName(store.repository().freeName(current.document().name() + " copy")),
                "Duplicated as");
    }

    /** Deletes the open study and opens the most recent other one, or a new empty study when none is left. */
    public boolean deleteCurrent() {
        String name = current.document().name();
        current.flush();
        try {
            store.repository().delete(current.id());
            List<Study> left = store.list();
            if (left.isEmpty()) {
                create(StudyDocument.empty("Untitled study"), "Created");
            } else {
                List<Study> recent = store.repository().recent(1);
                show(store.open(recent.isEmpty() ? left.get(0).name() : recent.get(0).name()));
            }
            info("Deleted study '" + name + "'");
            return true;
        } catch (RuntimeException e) {
            error(e);
            return false;
        }
    }

    public List<String> studyNames() {
        return store.list().stream().map(Study::name).toList();
    }

    public void exportTo(Path file) {
        current.flush();
        StudyDocument doc = current.document();
        long id = current.id();
        // the same file as `fleetwise study export`: the study and everything it owns (saved allocations)
        BackgroundTask.wrap("Export study to " + file.getFileName(), p -> {
                    store.export(id, file);
                    return file;
                })
                .onSuccess(f -> info("Exported '" + doc.name() + "' to " + f))
                .onFailure(this::error)
                .executeWith(executor);
    }

    /** Reads the file off the FX thread; on success the imported study becomes the open one. */
    public void importFrom(Path file) {
        BackgroundTask.wrap("Import study " + file.getFileName(), p -> store.importFile(file, null))
                .onSuccess(stored -> {
                    show(stored);
                    info("Imported study '" + stored.document().name() + "' from " + file.getFileName());
                })
                .onFailure(this::error)
                .executeWith(executor);
    }

    public void undo() {
        current.undo();
    }

    public void redo() {
        current.redo();
    }

    public ObservableList<String> recentNames() {
        return recentNames;
    }

    public StringBinding studyNameBinding() {
        return studyName;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    /** Reports an autosave outcome (the autosave calls this on the FX thread). */
    public void autosaved(long studyId, Throwable error) {
        if (error != null) {
            error(new IllegalStateException("Autosave of the study failed: " + error.getMessage()
                    + ". Your edits are still open; maybe Save as under another name.", error));
        }
    }

    private boolean create(StudyDocument doc, String verb) {
        try {
            StudyStore.StoredStudy stored = store.create(doc);
            show(stored);
            info(verb + " study '" + stored.document().name() + "'");
            return true;
        } catch (RuntimeException e) {
            error(e);
            return false;
        }
    }

    private void show(StudyStore.StoredStudy stored) {
        current.load(stored.id(), stored.document());
        store.repository().markOpened(stored.id());
        recentNames.setAll(store.repository().recent(RECENT_LIMIT).stream().map(Study::name).toList());
    }

    private void info(String text) {
        messageIsError.set(false);
        message.set(text);
    }

    private void error(Throwable e) {
        messageIsError.set(true);
        message.set(e.getMessage() == null ? e.toString() : e.getMessage());
    }
}
