package io.fleetwise.executor.device;

/** A run or allocation needs more device memory than is free. */
public class InsufficientDeviceMemoryException extends DeviceException {
    private final long neededBytes;
    private final long availableBytes;

    public InsufficientDeviceMemoryException(String what, long neededBytes, long availableBytes) {
        super(String.format(java.util.Locale.ROOT, "%s needs %,d bytes (%.2f GiB) of device memory but only %,d bytes (%.2f GiB) are available",
                what, neededBytes, neededBytes / 1073741824.0, availableBytes, availableBytes / 1073741824.0));
        this.neededBytes = neededBytes;
        this.availableBytes = availableBytes;
    }

    public long neededBytes() { return neededBytes; }
    public long availableBytes() { return availableBytes; }
}
