package io.fleetwise.executor.device;

/** A device operation failed (driver error, kernel launch, bad arguments); the message says which and why. */
public class DeviceException extends RuntimeException {
    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
