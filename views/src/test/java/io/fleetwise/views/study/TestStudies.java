package io.fleetwise.views.study;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.study.StudyDocument;

/** A CurrentStudy over the built-in catalog that keeps edits in memory (no store), for view-model tests. */
public final class TestStudies {

    private TestStudies() {
    }

    public static CurrentStudy open(StudyDocument doc) {
        return open(doc, Catalog::builtIn);
    }

    /** Over a catalog the test can change (a price edited in the Catalog area). */
    public static CurrentStudy open(StudyDocument doc, java.util.function.Supplier<Catalog> catalog) {
        CurrentStudy study = new CurrentStudy(new Autosave() {
            @Override
            public void schedule(long studyId, StudyDocument document) {
            }

            @Override
            public void flush() {
            }
        }, catalog);
        study.load(1, doc);
        return study;
    }
}
