package io.fleetwise.datastore.study;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.StudyFormatException;
import io.fleetwise.planner.study.StudyJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Studies as {@link StudyDocument}s: the row's name is the study's name, the payload holds the rest. GPU types and
 * models are resolved against the current catalog (with the user's overrides), read fresh on every load.
 */
public final class StudyStore {

    private final StudyRepository repository;
    private final Supplier<Catalog> catalog;

    public StudyStore(StudyRepository repository, Supplier<Catalog> catalog) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    public StudyRepository repository() {
        return repository;
    }

    public Catalog catalog() {
        return catalog.get();
    }

    /** A stored study saved with a format this version cannot read names the study and field. */
    public StudyDocument load(Study study) {
        return StudyJson.parse("study '" + study.name() + "'", study.payloadJson(), catalog.get(), study.name())
                .withName(study.name());
    }

    public StoredStudy open(String name) {
        Study study = repository.findByName(name).orElseThrow(() -> new IllegalArgumentException(
                "No study named '" + name + "'. Maybe list them with `fleetwise study list`."));
        return new StoredStudy(study.id(), load(study));
    }

    public StoredStudy open(long id) {
        Study study = repository.findById(id).orElseThrow(() -> new IllegalArgumentException("No study with id " + id));
        return new StoredStudy(study.id(), load(study));
    }

    public StoredStudy create(StudyDocument doc) {
        Study row = repository.create(doc.name(), StudyJson.toJson(doc));
        return new StoredStudy(row.id(), doc.withName(row.name()));
    }

    public void save(long id, StudyDocument doc) {
        repository.updatePayload(id, StudyJson.toJson(doc));
    }

    public void export(String name, Path file) throws IOException {
        StudyJson.write(open(name).document(), file);
    }

    /**
     * Imports a study file under its own name, or {@code newName} where given. Nothing is stored unless the whole
     * file reads; a name already taken is refused with a hint.
     */
    public StoredStudy importFile(Path file, String newName) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Cannot import " + file + ": no such file");
        }
        StudyDocument doc = StudyJson.parse(file.toString(), Files.readString(file), catalog.get(), null);
        if (newName != null && !newName.isBlank()) {
            doc = doc.withName(newName.trim());
        }
        if (repository.findByName(doc.name()).isPresent()) {
            throw new StudyFormatException("A study named '" + doc.name() + "' already exists. Maybe import it under "
                    + "another name (--name in the command line, or rename it when asked).");
        }
        return create(doc);
    }

    public List<Study> list() {
        return repository.findAll();
    }

    /** A study and the id of its row. */
    public record StoredStudy(long id, StudyDocument document) {
    }
}
