package io.fleetwise.planner.alloc.format;

import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.pricing.PriceKind;

import java.util.Objects;

/**
 * An allocation problem read from our JSON format (docs/allocator-format.md).
 *
 * @param priceKind the price kind candidate costs were taken at
 */
public record AllocatorInput(String name, AllocationProblem problem, PriceKind priceKind) {

    public AllocatorInput {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(priceKind, "priceKind");
        name = name == null ? "" : name;
    }
}
