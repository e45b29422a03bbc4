package io.fleetwise.planner.alloc;

/** An allocator input file that cannot be used; the message names the file, the field and the value. */
public class AllocatorFormatException extends IllegalArgumentException {
    public AllocatorFormatException(String message) {
        super(message);
    }

    public AllocatorFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
