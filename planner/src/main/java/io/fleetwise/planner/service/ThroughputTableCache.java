package io.fleetwise.planner.service;

import io.fleetwise.planner.model.Slo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Simulated throughputs already measured, per replica config: one row per (model, replica config, buckets, SLO,
 * capacity settings, calibration of the replica's GPU type and engine). The slow part of every fleet allocation
 * (a capacity search per row and bucket) is reached only through {@link FleetAllocationService}, which asks here
 * first; an implementation may keep rows across runs (a store), the default keeps them in memory.
 */
public interface ThroughputTableCache {

    /**
     * @param bucketRanges           per bucket: input min, input max, output min, output max (tokens)
     * @param calibrationFingerprint {@code CalibrationSet.fingerprintFor(gpuType)} of the replica's GPU type
     */
    record Key(String model, String modelFingerprint, String replica, List<List<Integer>> bucketRanges, Slo slo,
               CapacitySettings capacity, String calibrationFingerprint) {
        public Key {
            bucketRanges = List.copyOf(bucketRanges);
        }
    }

    /**
     * @param ratesPerS highest sustained rate of one replica per bucket (0: cannot serve it, see {@code notes})
     * @param notes     why some rates are 0
     */
    record Row(List<Double> ratesPerS, List<String> notes) {
        public Row {
            ratesPerS = List.copyOf(ratesPerS);
            notes = List.copyOf(notes);
        }
    }

    Optional<Row> get(Key key);

    void put(Key key, Row row);

    /** Rows in memory, the least recently used dropped beyond {@code maxRows}; thread-safe. */
    static ThroughputTableCache inMemory(int maxRows) {
        Map<Key, Row> rows = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Row> eldest) {
                return size() > maxRows;
            }
        });
        return new ThroughputTableCache() {
            @Override
            public Optional<Row> get(Key key) {
                return Optional.ofNullable(rows.get(key));
            }

            @Override
            public void put(Key key, Row row) {
                rows.put(key, row);
            }
        };
    }
}
