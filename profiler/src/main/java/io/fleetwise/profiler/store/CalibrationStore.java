package io.fleetwise.profiler.store;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.calibration.CalibrationRepository;
import io.fleetwise.datastore.calibration.StoredCalibration;
import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.planner.perf.CalibrationProfile;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Calibrations of local devices: the datastore's {@link CalibrationRepository} addressed by {@link DeviceInfo}
 * (a GPU by its catalog type, {@code cuda:H100-SXM}; the CPU device as {@code cpu}).
 */
public final class CalibrationStore {
    private final CalibrationRepository repository;

    public CalibrationStore(Database database, Clock clock) {
        this.repository = new CalibrationRepository(database, clock);
    }

    /** Stores a new version of the device's calibration. */
    public StoredCalibration save(DeviceInfo device, CalibrationProfile profile, double fitRmsLogError, int sweepPoints) {
        return repository.save(DeviceKey.of(device), device.name(), device.kind().name(), profile, fitRmsLogError,
                sweepPoints);
    }

    /** The calibration the planner uses for this device: its newest version. */
    public Optional<StoredCalibration> latest(DeviceInfo device) {
        return repository.latest(DeviceKey.of(device));
    }

    public Optional<StoredCalibration> latestForGpuType(String gpuTypeName) {
        return repository.latestForGpuType(gpuTypeName);
    }

    public Optional<StoredCalibration> forGpuType(String gpuTypeName, int version) {
        return repository.forGpuType(gpuTypeName, version);
    }

    public Map<String, StoredCalibration> latestPerGpuType() {
        return repository.latestPerGpuType();
    }

    public Optional<StoredCalibration> find(long id) {
        return repository.find(id);
    }

    public List<StoredCalibration> all() {
        return repository.all();
    }
}
