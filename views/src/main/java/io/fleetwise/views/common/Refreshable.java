package io.fleetwise.views.common;

/**
 * An area that shows what is in the store and re-reads it when the window comes back to the front or the area is
 * opened again, so what the command line added meanwhile (an imported model, a trace, a calibration, a price
 * override, a study) appears without a restart. A refresh keeps the user's choices that still exist.
 */
public interface Refreshable {

    void refreshFromStore();
}
