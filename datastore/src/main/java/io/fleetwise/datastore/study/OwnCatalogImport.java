package io.fleetwise.datastore.study;

import io.fleetwise.planner.catalog.UserGpuType;
import io.fleetwise.planner.ingest.InputText;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.study.StudyFormatException;

import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What importing a study adds to the user's catalog: the GPU types and model the file carries that this Fleetwise
 * does not have yet. One of the same name that differs is refused with the first field that differs (never replaced,
 * never silently used in place of the file's), and so is a type whose efficiency curves come from a stored
 * calibration, which a study file does not carry.
 */
final class OwnCatalogImport {
    private final List<UserGpuType> newTypes;
    private final List<ModelSpec> newModels;
    private final StudyStore.UserCatalog target;
    private final String source;

    private OwnCatalogImport(String source, List<UserGpuType> newTypes, List<ModelSpec> newModels,
                             StudyStore.UserCatalog target) {
        this.source = source;
        this.newTypes = newTypes;
        this.newModels = newModels;
        this.target = target;
    }

    /** @throws StudyFormatException naming the file, the type or model and what is wrong */
    static OwnCatalogImport plan(String source, StudyArchive.Contents contents, StudyStore.UserCatalog target) {
        if (contents.gpuTypes().isEmpty() && contents.models().isEmpty()) {
            return new OwnCatalogImport(source, List.of(), List.of(), target);
        }
        if (target == null) {
            throw new IllegalStateException("this study store keeps no GPU types or models of the user's");
        }
        List<UserGpuType> existingTypes = target.gpuTypes().findAll();
        List<UserGpuType> newTypes = new ArrayList<>();
        for (UserGpuType t : contents.gpuTypes()) {
            String what = source + ": GPU type '" + t.name() + "'";
            if (target.builtIn().gpus().stream().map(GpuType::name).anyMatch(n -> n.equalsIgnoreCase(t.name()))) {
                throw new StudyFormatException(what + " is the user's own in the file but a built-in type here; rename it "
                        + "in the Fleetwise that exported the study and export it again");
            }
            Optional<UserGpuType> mine = existingTypes.stream().filter(e -> e.name().equalsIgnoreCase(t.name())).findFirst();
            if (mine.isPresent()) {
                firstDifference(t, mine.get()).ifPresent(field -> {
                    throw new StudyFormatException(what + " differs from your GPU type of that name (" + field
                            + "); rename one of them and import again");
                });
                continue;
            }
            t.borrowedCalibrationId().ifPresent(id -> {
                throw new StudyFormatException(what + " borrows the efficiency curves of stored calibration " + id
                        + ", which a study file does not carry; make it borrow a catalog type's curves in the Fleetwise "
                        + "that exported the study (catalog edit-gpu) and export it again");
            });
            newTypes.add(t);
        }
        for (UserGpuType t : newTypes) {
            t.borrowedCatalogType().ifPresent(from -> {
                boolean known = target.builtIn().gpus().stream().anyMatch(g -> g.name().equalsIgnoreCase(from))
                        || existingTypes.stream().anyMatch(e -> e.name().equalsIgnoreCase(from))
                        || newTypes.stream().anyMatch(n -> n.name().equalsIgnoreCase(from));
                if (!known) {
                    throw new StudyFormatException(source + ": GPU type '" + t.name() + "' borrows the efficiency curves "
                            + "of '" + InputText.clip(from) + "', which is neither in this catalog nor in the file");
                }
            });
        }
        List<ModelSpec> existingModels = new ArrayList<>(target.builtIn().models());
        existingModels.addAll(target.models().findAll());
        List<ModelSpec> newModels = new ArrayList<>();
        for (ModelSpec m : contents.models()) {
            Optional<ModelSpec> mine = existingModels.stream().filter(e -> e.name().equals(m.name())).findFirst();
            if (mine.isPresent()) {
                firstDifference(m, mine.get()).ifPresent(field -> {
                    throw new StudyFormatException(source + ": model '" + m.name() + "' differs from the model of that "
                            + "name here (" + field + "); rename one of them and import again");
                });
            } else {
                newModels.add(m);
            }
        }
        return new OwnCatalogImport(source, List.copyOf(newTypes), List.copyOf(newModels), target);
    }

    /** Stores the new types and models on the import's connection, inside its transaction. */
    void store(Connection c) throws SQLException {
        for (UserGpuType t : newTypes) {
            target.gpuTypes().insert(c, t);
        }
        for (ModelSpec m : newModels) {
            target.models().insert(c, m, "study file " + source);
        }
    }

    /** "field memoryBytes: the file's 85060000000, here 80000000000", or empty when the records are equal. */
    static <T extends Record> Optional<String> firstDifference(T file, T here) {
        for (RecordComponent rc : file.getClass().getRecordComponents()) {
            try {
                Object a = rc.getAccessor().invoke(file);
                Object b = rc.getAccessor().invoke(here);
                if (!Objects.equals(a, b)) {
                    return Optional.of("field " + rc.getName() + ": the file's " + InputText.quote(a)
                            + ", here " + InputText.quote(b));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d GPU types and %d models to add", newTypes.size(), newModels.size());
    }
}
