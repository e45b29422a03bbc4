package io.fleetwise.planner.fingerprint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A stable hash of a value's content: the same content gives the same fingerprint in every run, on every machine
 * and in every JVM (so a stored result can say which inputs it was computed from, and a later run can tell whether
 * they changed). Fields are written as {@code name=value} lines in a fixed order and hashed with SHA-256; doubles are
 * written with {@link Double#toString}, which round-trips exactly.
 */
public final class Fingerprint {
    /** Hex digits kept: 64 bits, ample for telling input sets apart, short enough to show a user. */
    private static final int HEX_DIGITS = 16;

    private final StringBuilder text = new StringBuilder();

    private Fingerprint(String kind) {
        text.append(Objects.requireNonNull(kind, "kind")).append('\n');
    }

    /** @param kind what is fingerprinted ("calibration-set", "engine-profile" ...), so equal fields of two kinds differ */
    public static Fingerprint of(String kind) {
        return new Fingerprint(kind);
    }

    public Fingerprint add(String name, String value) {
        text.append(name).append('=').append(value == null ? "\u0000null" : value.replace("\n", "\\n")).append('\n');
        return this;
    }

    public Fingerprint add(String name, double value) {
        return add(name, Double.toString(value));
    }

    public Fingerprint add(String name, long value) {
        return add(name, Long.toString(value));
    }

    public Fingerprint add(String name, double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(Double.toString(v)).append(',');
        }
        return add(name, sb.toString());
    }

    /** The hex digest of everything added. */
    public String hex() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
