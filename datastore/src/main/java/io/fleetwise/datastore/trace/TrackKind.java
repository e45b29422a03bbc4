package io.fleetwise.datastore.trace;

/** Role of a track. PROCESS groups the others; ASYNC tracks hold freely overlapping slices (request lifetimes). */
public enum TrackKind { PROCESS, THREAD, ASYNC, COUNTER }
