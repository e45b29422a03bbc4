package io.fleetwise.datastore.study;

import io.fleetwise.datastore.catalog.UserGpuTypeRepository;
import io.fleetwise.datastore.catalog.UserModelRepository;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.UserGpuType;
import io.fleetwise.planner.model.ModelSpec;
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
    private final UserCatalog userCatalog;
    private final io.fleetwise.datastore.plan.FleetPlanRepository plans;

    /**
     * The user's own GPU types and imported models, next to the built-in catalog: a study that uses some carries them
     * in its export (study format 3), and importing it adds them.
     */
    public record UserCatalog(Catalog builtIn, UserGpuTypeRepository gpuTypes, UserModelRepository models) {
        public UserCatalog {
            Objects.requireNonNull(builtIn, "builtIn");
            Objects.requireNonNull(gpuTypes, "gpuTypes");
            Objects.requireNonNull(models, "models");
        }
    }

    public StudyStore(StudyRepository repository, Supplier<Catalog> catalog) {
        this(repository, catalog, null);
    }

    /** With allocations, export and import carry a study's saved fleet allocations too (study format 2). */
    public StudyStore(StudyRepository repository, Supplier<Catalog> catalog,
                      io.fleetwise.datastore.fleet.FleetAllocationRepository allocations) {
        this(repository, catalog, allocations, null);
    }

    /** With the user's catalog too, export and import carry the GPU types and model a study uses (format 3). */
    public StudyStore(StudyRepository repository, Supplier<Catalog> catalog,
                      io.fleetwise.datastore.fleet.FleetAllocationRepository allocations, UserCatalog userCatalog) {
        this(repository, catalog, allocations, userCatalog, null);
    }

    private StudyStore(StudyRepository repository, Supplier<Catalog> catalog,
                       io.fleetwise.datastore.fleet.FleetAllocationRepository allocations, UserCatalog userCatalog,
                       io.fleetwise.datastore.plan.FleetPlanRepository plans) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.allocations = allocations;
        this.userCatalog = userCatalog;
        this.plans = plans;
    }

    /** With the plan store too, export and import carry the study's fleet plans and their runs (format 4). */
    public StudyStore withPlans(io.fleetwise.datastore.plan.FleetPlanRepository planStore) {
        return new StudyStore(repository, catalog, allocations, userCatalog, Objects.requireNonNull(planStore, "planStore"));
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
        Files.writeString(tmp, StudyArchive.write(study.document(), saved, ownCatalogOf(study.document()),
                archivedPlans(study.id())));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The study's plans oldest first (so an import gives them ids in the same order), each with its runs. */
    private List<StudyArchive.ArchivedPlan> archivedPlans(long studyId) {
        if (plans == null) {
            return List.of();
        }
        List<io.fleetwise.planner.plan.PlanStore.StoredPlan> stored = new java.util.ArrayList<>(plans.plansOf(studyId));
        java.util.Collections.reverse(stored);
        return stored.stream().map(p -> new StudyArchive.ArchivedPlan(p.createdAt(), p.plan(), p.allocation(),
                plans.runsOf(p.id()).stream().map(r -> new StudyArchive.ArchivedRun(r.createdAt(), r.kind(), r.label(),
                        r.metrics())).toList())).toList();
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
        if (!contents.allocations().isEmpty() && allocations == null) {
            throw new IllegalStateException("this study store cannot hold allocations");
        }
        if (!contents.plans().isEmpty() && plans == null) {
            throw new IllegalStateException("this study store cannot hold fleet plans");
        }
        OwnCatalogImport own = OwnCatalogImport.plan(file.toString(), contents, userCatalog);
        // the study, its GPU types, model and allocations in one transaction: a crash or a refusal stores nothing
        StudyDocument named = doc;
        return repository.database().transaction(c -> {
            own.store(c);
            Study row = repository.insert(c, named.name(), StudyJson.toJson(named));
            for (StudyArchive.ArchivedAllocation a : contents.allocations()) {
                allocations.insert(c, row.id(), a.name(), a.createdAt(), a.problem(), a.result(), a.savingPercent());
            }
            for (StudyArchive.ArchivedPlan p : contents.plans()) {
                long planId = plans.insert(c, row.id(), p.plan(), p.allocation().orElse(null), p.createdAt());
                for (StudyArchive.ArchivedRun r : p.runs()) {
                    plans.insertRun(c, planId, r.createdAt(), r.kind(), r.label(), r.metrics(), null);
                }
            }
            return new StoredStudy(row.id(), named.withName(row.name()));
        });
    }

    /** The user's GPU types and imported model this study uses (and the types their curves are borrowed from). */
    StudyArchive.OwnCatalog ownCatalogOf(StudyDocument doc) {
        if (userCatalog == null) {
            return StudyArchive.OwnCatalog.NONE;
        }
        List<UserGpuType> all = userCatalog.gpuTypes().findAll();
        java.util.Map<String, UserGpuType> used = new java.util.LinkedHashMap<>();
        java.util.ArrayDeque<String> wanted = new java.util.ArrayDeque<>();
        doc.nodeGroups().forEach(g -> wanted.add(g.gpu().name()));
        while (!wanted.isEmpty()) {
            String name = wanted.poll().toLowerCase(java.util.Locale.ROOT);
            for (UserGpuType t : all) {
                if (t.name().toLowerCase(java.util.Locale.ROOT).equals(name) && used.putIfAbsent(name, t) == null) {
                    t.borrowedCatalogType().ifPresent(wanted::add);
                }
            }
        }
        List<ModelSpec> models = new java.util.ArrayList<>();
        boolean builtIn = userCatalog.builtIn().models().stream().anyMatch(m -> m.name().equals(doc.modelName()));
        if (!builtIn) {
            userCatalog.models().findAll().stream().filter(m -> m.name().equals(doc.modelName())).findFirst()
                    .ifPresent(models::add);
        }
        return new StudyArchive.OwnCatalog(List.copyOf(used.values()), models);
    }

    public List<Study> list() {
        return repository.findAll();
    }

    /** Names of the studies whose cluster has a node group of this GPU type (a study that cannot be read counts too). */
    public List<String> studiesUsingGpuType(String gpuType) {
        List<String> names = new java.util.ArrayList<>();
        for (Study study : repository.findAll()) {
            try {
                if (load(study).nodeGroups().stream().anyMatch(g -> g.gpu().name().equalsIgnoreCase(gpuType))) {
                    names.add("'" + study.name() + "'");
                }
            } catch (RuntimeException e) {
                if (study.payloadJson().toLowerCase(java.util.Locale.ROOT).contains(gpuType.toLowerCase(java.util.Locale.ROOT))) {
                    names.add("'" + study.name() + "' (which cannot be read: " + e.getMessage() + ")");
                }
            }
        }
        return names;
    }

    /** A study and the id of its row. */
    public record StoredStudy(long id, StudyDocument document) {
    }
}
