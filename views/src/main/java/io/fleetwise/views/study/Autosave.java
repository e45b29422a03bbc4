package io.fleetwise.views.study;

import io.fleetwise.planner.study.StudyDocument;

/** Stores a study's latest document some time after an edit; {@link #flush()} stores what is pending now. */
public interface Autosave {

    void schedule(long studyId, StudyDocument document);

    void flush();

    /** Closes the worker after flushing. */
    default void close() {
        flush();
    }
}
