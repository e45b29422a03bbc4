package io.fleetwise.planner.pricing;

/** A GPU type has no usable price of the asked kind in the book (for this study's choice); the message says why. */
public final class NoPriceException extends IllegalArgumentException {

    public NoPriceException(String message) {
        super(message);
    }
}
