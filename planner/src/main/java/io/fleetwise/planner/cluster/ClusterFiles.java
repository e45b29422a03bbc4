package io.fleetwise.planner.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The cluster file format (JSON, {@code "format": "fleetwise-cluster/1"}), shared by the GUI's cluster
 * designer and {@code fleetwise search --cluster FILE}. See docs/cluster-format.md.
 */
public final class ClusterFiles {

    public static final String FORMAT = "fleetwise-cluster/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ClusterFiles() {
    }

    public static Cluster read(Path file, Catalog catalog) throws IOException {
        return parse(file.toString(), io.fleetwise.planner.ingest.InputFiles.readText(file, "Cluster file",
                io.fleetwise.planner.ingest.InputLimits.MAX_CONFIG_BYTES), catalog);
    }

    public static void write(Cluster cluster, Path file) throws IOException {
        Files.writeString(file, toJson(cluster));
    }

    public static Cluster parse(String source, String json, Catalog catalog) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ClusterFormatException(source + " line " + line + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ClusterFormatException(source + ": expected a JSON object with \"nodeGroups\"");
        }
        String format = root.path("format").asText(FORMAT);
        if (!format.equals(FORMAT)) {
            throw new ClusterFormatException(source + ": field 'format' is '" + format + "', this version reads " + FORMAT);
        }
        JsonNode groups = root.path("nodeGroups");
        if (!groups.isArray() || groups.isEmpty()) {
            throw new ClusterFormatException(source + ": field 'nodeGroups' must be a non-empty array");
        }
        List<NodeGroup> result = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            result.add(group(source + " nodeGroups[" + i + "]", groups.get(i), catalog, i));
        }
        try {
            return new Cluster(root.path("name").asText("cluster"), result);
        } catch (IllegalArgumentException e) {
            throw new ClusterFormatException(source + ": " + e.getMessage());
        }
    }

    private static NodeGroup group(String where, JsonNode node, Catalog catalog, int index) {
        if (!node.isObject()) {
            throw new ClusterFormatException(where + ": expected an object");
        }
        String gpuName = text(where, node, "gpu");
        GpuType gpu = resolveGpu(where + ".gpu", gpuName, catalog);
        int perNode = positiveInt(where, node, "gpusPerNode", 8);
        int nodes = positiveInt(where, node, "nodes", 1);
        int cap = node.has("availabilityCapGpus") ? nonNegativeInt(where, node, "availabilityCapGpus") : 0;
        Interconnect intra = node.has("intraNode") ? link(where + ".intraNode", node.get("intraNode"))
                : Interconnect.intraNodeOf(gpu);
        Interconnect nic = node.has("nic") ? link(where + ".nic", node.get("nic")) : Interconnect.INFINIBAND_NDR;
        String name = node.path("name").asText(gpu.name() + "-" + index);
        try {
            return new NodeGroup(name, new Node(gpu, perNode, intra, nic), nodes, cap);
        } catch (IllegalArgumentException e) {
            throw new ClusterFormatException(where + ": " + e.getMessage());
        }
    }

    private static Interconnect link(String where, JsonNode node) {
        if (!node.isObject()) {
            throw new ClusterFormatException(where + ": expected an object with bandwidthGBps and latencyUs");
        }
        double bw = node.path("bandwidthGBps").asDouble(-1);
        if (!(bw > 0)) {
            throw new ClusterFormatException(where + ".bandwidthGBps: must be a number > 0, was " + node.path("bandwidthGBps"));
        }
        double lat = node.path("latencyUs").asDouble(5.0);
        if (lat < 0) {
            throw new ClusterFormatException(where + ".latencyUs: must be >= 0, was " + lat);
        }
        return new Interconnect(node.path("name").asText("link"), bw, lat);
    }

    private static String text(String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ClusterFormatException(where + "." + field + ": is missing or not a string");
        }
        return v.asText();
    }

    private static int positiveInt(String where, JsonNode node, String field, int whenAbsent) {
        if (!node.has(field)) {
            return whenAbsent;
        }
        JsonNode v = node.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new ClusterFormatException(where + "." + field + ": must be a whole number from 1 to 2147483647, was "
                    + io.fleetwise.planner.ingest.InputText.quote(v));
        }
        return v.asInt();
    }

    private static int nonNegativeInt(String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new ClusterFormatException(where + "." + field + ": must be a whole number from 0 to 2147483647, was "
                    + io.fleetwise.planner.ingest.InputText.quote(v));
        }
        return v.asInt();
    }

    /**
     * Finds a GPU by exact name, else by a unique prefix ("H100" is ambiguous: H100-SXM and H100-PCIe;
     * "A100-80GB" finds A100-80GB-SXM).
     */
    public static GpuType resolveGpu(String where, String name, Catalog catalog) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (GpuType g : catalog.gpus()) {
            if (g.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return g;
            }
        }
        List<GpuType> prefixed = catalog.gpus().stream()
                .filter(g -> g.name().toLowerCase(Locale.ROOT).startsWith(wanted)).collect(Collectors.toList());
        if (prefixed.size() == 1) {
            return prefixed.get(0);
        }
        String known = catalog.gpus().stream().map(GpuType::name).collect(Collectors.joining(", "));
        if (prefixed.isEmpty()) {
            throw new ClusterFormatException(where + ": no GPU type '" + name + "'. Known: " + known);
        }
        throw new ClusterFormatException(where + ": '" + name + "' is ambiguous: "
                + prefixed.stream().map(GpuType::name).collect(Collectors.joining(", ")) + ". Maybe write the full name.");
    }

    /**
     * Parses the command-line shorthand {@code 8xH100-SXM,16xA100-80GB}: GPU counts per type, packed into
     * nodes of 8 (or fewer when the count is smaller).
     */
    public static Cluster parseShorthand(String text, Catalog catalog) {
        List<NodeGroup> groups = new ArrayList<>();
        String[] parts = text.split(",");
        for (String raw : parts) {
            String part = raw.trim();
            int x = part.toLowerCase(Locale.ROOT).indexOf('x');
            if (x <= 0) {
                throw new ClusterFormatException("--gpus '" + part + "': expected COUNTxGPU, e.g. 8xH100-SXM");
            }
            int count;
            try {
                count = Integer.parseInt(part.substring(0, x).trim());
            } catch (NumberFormatException e) {
                throw new ClusterFormatException("--gpus '" + part + "': '" + part.substring(0, x) + "' is not a whole number");
            }
            if (count <= 0) {
                throw new ClusterFormatException("--gpus '" + part + "': the count must be > 0");
            }
            GpuType gpu = resolveGpu("--gpus '" + part + "'", part.substring(x + 1), catalog);
            int perNode = Math.min(8, count);
            if (count % perNode != 0) {
                throw new ClusterFormatException("--gpus '" + part + "': " + count + " GPUs do not fill nodes of 8; "
                        + "use a multiple of 8 or a cluster file");
            }
            Node node = new Node(gpu, perNode, Interconnect.intraNodeOf(gpu), Interconnect.INFINIBAND_NDR);
            groups.add(new NodeGroup(gpu.name() + "-" + groups.size(), node, count / perNode, 0));
        }
        return new Cluster(text, groups);
    }

    public static String toJson(Cluster cluster) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", cluster.name());
        ArrayNode groups = root.putArray("nodeGroups");
        for (NodeGroup g : cluster.groups()) {
            ObjectNode o = groups.addObject();
            o.put("name", g.name());
            o.put("gpu", g.gpu().name());
            o.put("gpusPerNode", g.node().gpuCount());
            o.put("nodes", g.nodeCount());
            if (g.availabilityCapGpus() > 0) {
                o.put("availabilityCapGpus", g.availabilityCapGpus());
            }
            putLink(o.putObject("intraNode"), g.node().intraNode());
            putLink(o.putObject("nic"), g.node().interNode());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write cluster JSON", e);
        }
    }

    private static void putLink(ObjectNode o, Interconnect link) {
        o.put("name", link.name());
        o.put("bandwidthGBps", link.bandwidthGBps());
        o.put("latencyUs", link.latencyUs());
    }
}
