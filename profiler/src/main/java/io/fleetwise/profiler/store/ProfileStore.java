package io.fleetwise.profiler.store;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.profile.ProfileRepository;
import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.executor.run.RunResult;
import io.fleetwise.executor.run.TimingRecord;

import java.time.Clock;
import java.util.Optional;

/** Profiles of executor runs: the datastore's {@link ProfileRepository} in the executor's terms. */
public final class ProfileStore {
    private final ProfileRepository repository;

    public ProfileStore(Database database, Clock clock) {
        this.repository = new ProfileRepository(database, clock);
    }

    /** Stores a run's kernel timings; returns the profile id. */
    public long save(String name, DeviceInfo device, String modelName, RunResult run, Long traceId, Long calibrationId) {
        int iterations = (int) run.records().stream().mapToInt(TimingRecord::iteration).distinct().count();
        return repository.save(name, device.name(), device.kind().name(), device.catalogMatch().map(g -> g.name()).orElse(null),
                modelName, run.shard().name(), run.mode().name(), iterations, traceId, calibrationId,
                run.records().stream().map(r -> new ProfileRepository.Sample(r.iteration(), r.layer(), r.op(), r.shape(),
                        r.dtype(), r.timeNs(), r.modelled())).toList());
    }

    public Optional<StoredProfile> load(long id) {
        return repository.load(id).map(row -> new StoredProfile(row.id(), row.name(), row.createdAt(), row.deviceName(),
                row.deviceKind(), row.gpuType(), row.modelName(), row.shard(), row.timingMode(), row.iterations(),
                row.traceId(), row.calibrationId(), row.samples().stream().map(s -> new TimingRecord(s.iteration(),
                        s.layer(), s.op(), s.shape(), s.dtype(), row.deviceName(), s.timeNs(), s.modelled())).toList()));
    }
}
