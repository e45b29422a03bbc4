package io.fleetwise.planner.throughput;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.workload.FixedLengths;

/**
 * A throughput cell as one line of JSON, to be searched in another JVM (a Spark executor) with the same answer. It
 * carries exactly what the cell's key covers: the model, the replica config, the request lengths, the SLO, the
 * calibration profile of the replica's GPU type, the engine profile and the search settings, plus the key's
 * fingerprint. Reading it back rebuilds the cell and recomputes the key: a line written by another Fleetwise version
 * (another search or simulator version) or changed on the way is refused rather than searched into a wrong cell.
 */
public final class ThroughputCellJson {
    /** The first field of every line, so a file of cells says what it is. */
    public static final String FORMAT = "fleetwise-cell/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ThroughputCellJson() {
    }

    /** The cell as one line of JSON (no line breaks). */
    public static String write(ThroughputCell cell) {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        node.put("fingerprint", cell.key().fingerprint());
        node.set("model", RecordJson.write(cell.model()));
        node.set("replica", RecordJson.write(cell.replica()));
        node.set("lengths", RecordJson.write(cell.lengths()));
        node.set("slo", RecordJson.write(cell.slo()));
        node.set("calibration", RecordJson.write(cell.calibration().profileFor(cell.replica().gpu())));
        node.set("engine", RecordJson.write(cell.calibration().engine()));
        node.set("search", RecordJson.write(cell.search()));
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a throughput cell as JSON", e);
        }
    }

    /**
     * The cell of one line written by {@link #write}.
     *
     * @throws IllegalArgumentException when the line is not a cell, or does not reproduce the fingerprint it names
     */
    public static ThroughputCell read(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a throughput cell (malformed JSON: " + e.getOriginalMessage() + ")", e);
        }
        if (node == null || !node.isObject() || !FORMAT.equals(node.path("format").asText())) {
            throw new IllegalArgumentException("Not a throughput cell: the line does not start with format \"" + FORMAT + "\"");
        }
        String expected = node.path("fingerprint").asText();
        ModelSpec model = (ModelSpec) RecordJson.read(node.get("model"), ModelSpec.class, "model");
        ReplicaConfig replica = (ReplicaConfig) RecordJson.read(node.get("replica"), ReplicaConfig.class, "replica");
        FixedLengths lengths = (FixedLengths) RecordJson.read(node.get("lengths"), FixedLengths.class, "lengths");
        Slo slo = (Slo) RecordJson.read(node.get("slo"), Slo.class, "slo");
        if (node.get("calibration") instanceof ObjectNode c && !c.has("fp8MemoryScale")) {
            // written before profiles had it: those cells were searched with fp8 weight streaming as fast as bf16,
            // which is 1.0 (and the fingerprint they name is that profile's)
            c.put("fp8MemoryScale", 1.0);
        }
        CalibrationProfile profile = (CalibrationProfile) RecordJson.read(node.get("calibration"),
                CalibrationProfile.class, "calibration");
        EngineProfile engine = (EngineProfile) RecordJson.read(node.get("engine"), EngineProfile.class, "engine");
        CapacitySearch.Options search = (CapacitySearch.Options) RecordJson.read(node.get("search"),
                CapacitySearch.Options.class, "search");
        if (model == null || replica == null || lengths == null || slo == null || profile == null || engine == null
                || search == null) {
            throw new IllegalArgumentException("Throughput cell " + expected + " lacks one of model, replica, lengths, "
                    + "slo, calibration, engine, search");
        }
        // only the profile of the replica's GPU type and the engine reach the search (and the key)
        ThroughputCell cell = new ThroughputCell(model, replica, lengths, slo, CalibrationSet.uniform(profile, engine),
                search);
        String actual = cell.key().fingerprint();
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException("Throughput cell " + expected + " (" + replica.label() + ", "
                    + lengths.name() + ") reads back as " + actual + ": written by another Fleetwise version "
                    + "(search v" + CapacitySearch.ALGORITHM_VERSION + " here) or changed on the way");
        }
        return cell;
    }
}
