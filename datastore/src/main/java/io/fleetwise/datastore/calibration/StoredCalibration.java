package io.fleetwise.datastore.calibration;

import io.fleetwise.planner.perf.CalibrationProfile;

import java.time.Instant;

/** One saved calibration: version {@code version} of device {@code deviceKey}. */
public record StoredCalibration(long id, String deviceKey, String deviceName, String deviceKind, int version, Instant createdAt,
                                CalibrationProfile profile, double fitRmsLogError, int sweepPoints) {
}
