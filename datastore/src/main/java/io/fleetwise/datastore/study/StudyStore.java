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
    private final io.fleetwise.datastore.fleet.FleetAllocationRepository allocations;

    public StudyStore(StudyRepository repository, Supplier<Catalog> catalog) {
        this(repository, catalog, null);
    }

    /** With allocations, export and import carry a study's saved fleet allocations too (study format 2). */
    public StudyStore(StudyRepository repository, Supplier<Catalog> catalog,
                      io.fleetwise.datastore.fleet.FleetAllocationRepository allocations) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.allocations = allocations;
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

    /** Writes everything the study owns (document and saved allocations) in the current export version. */
    public void export(String name, Path file) throws IOException {
        export(open(name), file);
    }

    /** As {@link #export(String, Path)}, for the study with this id (the GUI's open study). */
    public void export(long id, Path file) throws IOException {
        export(open(id), file);
    }

    private void export(StoredStudy study, Path file) throws IOException {
        List<StudyArchive.ArchivedAllocation> saved = allocations == null ? List.of()
                : allocations.findByStudy(study.id()).stream().map(StudyArchive.ArchivedAllocation::of).toList();
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(tmp, StudyArchive.write(study.document(), saved));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Imports a study file under its own name, or {@code newName} where given. Nothing is stored unless the whole
     * file reads; a name already taken is refused with a hint.
     */
    public StoredStudy importFile(Path file, String newName) throws IOException {
        String text = io.fleetwise.planner.ingest.InputFiles.readText(file, "Study file",
                io.fleetwise.planner.ingest.InputLimits.MAX_CONFIG_BYTES);
        StudyArchive.Contents contents = StudyArchive.read(file.toString(), text, catalog.get());
        StudyDocument parsed = contents.document();
        StudyDocument doc = newName != null && !newName.isBlank() ? parsed.withName(newName.trim()) : parsed;
        if (repository.findByName(doc.name()).isPresent()) {
            throw new StudyFormatException("A study named '" + doc.name() + "' already exists. Maybe import it under "
                    + "another name (--name in the command line, or rename it when asked).");
        }
        if (contents.allocations().isEmpty() || allocations == null) {
            if (!contents.allocations().isEmpty()) {
                throw new IllegalStateException("this study store cannot hold allocations");
            }
            return create(doc);
        }
        // the study and all its allocations in one transaction: a crash or a refusal leaves no half-imported study
        StudyDocument named = doc;
        return repository.database().transaction(c -> {
            Study row = repository.insert(c, named.name(), StudyJson.toJson(named));
            for (StudyArchive.ArchivedAllocation a : contents.allocations()) {
                allocations.insert(c, row.id(), a.name(), a.createdAt(), a.problem(), a.result(), a.savingPercent());
            }
            return new StoredStudy(row.id(), named.withName(row.name()));
        });
    }

    public List<Study> list() {
        return repository.findAll();
    }

    /** A study and the id of its row. */
    public record StoredStudy(long id, StudyDocument document) {
    }
}
