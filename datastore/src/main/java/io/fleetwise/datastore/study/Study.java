package io.fleetwise.datastore.study;

import java.time.Instant;
import java.util.Objects;

/** A saved project. {@code payloadJson} holds cluster, model, workload, SLO and plans as later issues add them. */
public record Study(long id, String name, Instant createdAt, Instant updatedAt, String payloadJson) {

    public Study {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        payloadJson = payloadJson == null ? "{}" : payloadJson;
    }
}
