package io.fleetwise.views.cluster;

import io.fleetwise.planner.cluster.ClusterFiles;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.views.study.CurrentStudy;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Cluster area: a palette of catalog GPU types, the node groups of the open study's cluster, the selected
 * group's fields as text (what the user typed is kept while it is invalid, with a message per field) and the summary
 * figures. Every change goes through {@link CurrentStudy#edit}, so it is undoable and autosaved.
 */
public final class ClusterViewModel {

    private final CurrentStudy study;
    private final TaskExecutor executor;
    private final ObservableList<GpuType> palette = FXCollections.observableArrayList();
    private final ObservableList<NodeGroup> groups = FXCollections.observableArrayList();
    private final ObjectProperty<String> selectedName = new SimpleObjectProperty<>(this, "selectedName");
    private final ReadOnlyObjectWrapper<NodeGroup> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final Map<GroupField, StringProperty> fieldText = new EnumMap<>(GroupField.class);
    private final ObservableMap<GroupField, String> fieldErrors = FXCollections.observableMap(new EnumMap<>(GroupField.class));
    private final ObjectProperty<LinkKind> intraLink = new SimpleObjectProperty<>(this, "intraLink", LinkKind.NVLINK);
    private final ReadOnlyObjectWrapper<ClusterSummary> summary = new ReadOnlyObjectWrapper<>(this, "summary",
            ClusterSummary.of(List.of()));
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError");
    private boolean refreshing;

    public ClusterViewModel(CurrentStudy study, TaskExecutor executor) {
        this.study = Objects.requireNonNull(study, "study");
        this.executor = Objects.requireNonNull(executor, "executor");
        for (GroupField f : GroupField.values()) {
            fieldText.put(f, new SimpleStringProperty(this, f.name(), ""));
        }
        palette.setAll(study.catalog().gpus());
        study.documentProperty().addListener((obs, old, doc) -> refresh(doc));
        selectedName.addListener((obs, old, name) -> refreshSelection());
        intraLink.addListener((obs, old, kind) -> {
            if (!refreshing && kind != null) {
                commit(GroupField.INTRA_LINK);
            }
        });
        refresh(study.document());
    }

    /**
     * Reloads the GPU palette and the summary's prices from the catalog, whose prices change in the Catalog area;
     * the view calls it each time the Cluster area is shown.
     */
    public void reloadPalette() {
        palette.setAll(study.catalog().gpus());
        summary.set(summaryAtCatalogPrices(groups));
    }

    /** The summary with each group's GPU priced as the catalog prices it now (a group keeps the type it was made of). */
    private ClusterSummary summaryAtCatalogPrices(List<NodeGroup> of) {
        List<NodeGroup> priced = new ArrayList<>(of.size());
        for (NodeGroup g : of) {
            GpuType current = palette.stream().filter(t -> t.name().equals(g.gpu().name())).findFirst().orElse(null);
            priced.add(current == null ? g : new NodeGroup(g.name(),
                    new Node(g.gpu().withPrice(current.price()), g.node().gpuCount(), g.node().intraNode(),
                            g.node().interNode()), g.nodeCount(), g.availabilityCapGpus()));
        }
        return ClusterSummary.of(priced);
    }

    /** Adds a node group of {@code gpuName} (a drop of a palette entry): one standard node, then selects it. */
    public boolean addGroup(String gpuName) {
        GpuType gpu;
        try {
            gpu = study.catalog().gpu(gpuName);
        } catch (RuntimeException e) {
            return error("Cannot add a node group: " + e.getMessage());
        }
        String name = freeGroupName(gpu.name());
        int perNode = gpu.linkBandwidthGBps() > 0 ? 8 : 4;
        NodeGroup group = new NodeGroup(name, new Node(gpu, perNode, Interconnect.intraNodeOf(gpu), Interconnect.INFINIBAND_NDR), 1, 0);
        List<NodeGroup> next = new ArrayList<>(groups);
        next.add(group);
        study.edit(d -> d.withNodeGroups(next));
        selectedName.set(name);
        return info("Added " + name + ": 1 node of " + perNode + "x " + gpu.name());
    }

    public void removeSelected() {
        NodeGroup g = selected.get();
        if (g == null) {
            return;
        }
        List<NodeGroup> next = new ArrayList<>(groups);
        next.remove(g);
        study.edit(d -> d.withNodeGroups(next));
        info("Removed " + g.name());
    }

    /**
     * Applies the typed text of one field of the selected group. Invalid text stays in the field with a message in
     * {@link #fieldErrors()}; the study is unchanged. Returns whether the study now holds the value.
     */
    public boolean commit(GroupField field) {
        NodeGroup g = selected.get();
        if (g == null || refreshing) {
            return false;
        }
        String text = fieldText.get(field).get().trim();
        NodeGroup changed;
        try {
            changed = apply(g, field, text);
        } catch (IllegalArgumentException e) {
            fieldErrors.put(field, e.getMessage());
            return false;
        }
        fieldErrors.remove(field);
        if (changed.equals(g)) {
            return true;
        }
        List<NodeGroup> next = new ArrayList<>(groups);
        next.set(next.indexOf(g), changed);
        if (next.stream().map(NodeGroup::name).distinct().count() != next.size()) {
            fieldErrors.put(field, "Another node group is already called '" + changed.name() + "'");
            return false;
        }
        study.edit(d -> d.withNodeGroups(next));
        selectedName.set(changed.name());
        return true;
    }

    private NodeGroup apply(NodeGroup g, GroupField field, String text) {
        Node node = g.node();
        switch (field) {
            case NAME:
                if (text.isEmpty()) {
                    throw new IllegalArgumentException("The name must not be empty");
                }
                return new NodeGroup(text, node, g.nodeCount(), g.availabilityCapGpus());
            case GPUS_PER_NODE: {
                int n = wholeNumber(field, text, 1, 16);
                belowCap(field, n, n * g.nodeCount(), g.availabilityCapGpus());
                return new NodeGroup(g.name(), new Node(node.gpu(), n, node.intraNode(), node.interNode()), g.nodeCount(),
                        g.availabilityCapGpus());
            }
            case NODES: {
                int nodes = wholeNumber(field, text, 1, 100_000);
                belowCap(field, nodes, nodes * node.gpuCount(), g.availabilityCapGpus());
                return new NodeGroup(g.name(), node, nodes, g.availabilityCapGpus());
            }
            case AVAILABILITY_CAP_GPUS: {
                int cap = wholeNumber(field, text, 0, Integer.MAX_VALUE);
                if (cap > g.totalGpus()) {
                    throw new IllegalArgumentException(field.label() + ": " + cap + " is more than the group's " + g.totalGpus()
                            + " GPUs (" + g.nodeCount() + " nodes x " + node.gpuCount() + ")");
                }
                return new NodeGroup(g.name(), node, g.nodeCount(), cap);
            }
            case INTRA_BANDWIDTH_GBPS: {
                double bw = positive(field, text);
                Interconnect link = new Interconnect(node.intraNode().name(), bw, node.intraNode().latencyUs());
                return new NodeGroup(g.name(), new Node(node.gpu(), node.gpuCount(), link, node.interNode()), g.nodeCount(),
                        g.availabilityCapGpus());
            }
            case NIC_BANDWIDTH_GBPS: {
                double bw = positive(field, text);
                Interconnect nic = new Interconnect(node.interNode().name(), bw, node.interNode().latencyUs());
                return new NodeGroup(g.name(), new Node(node.gpu(), node.gpuCount(), node.intraNode(), nic), g.nodeCount(),
                        g.availabilityCapGpus());
            }
            case INTRA_LINK: {
                LinkKind kind = intraLink.get();
                if (kind == linkKindOf(node)) {
                    return g;
                }
                Interconnect link;
                if (kind == LinkKind.NVLINK) {
                    if (node.gpu().linkBandwidthGBps() <= 0) {
                        throw new IllegalArgumentException(node.gpu().name() + " has no NVLink; its GPUs talk over PCIe");
                    }
                    link = Interconnect.intraNodeOf(node.gpu());
                } else {
                    double pcie = node.gpu().pcieGBps() > 0 ? node.gpu().pcieGBps() / 2.0 : 32.0;
                    link = new Interconnect("PCIe", pcie, 10.0);
                }
                return new NodeGroup(g.name(), new Node(node.gpu(), node.gpuCount(), link, node.interNode()), g.nodeCount(),
                        g.availabilityCapGpus());
            }
            default:
                throw new IllegalStateException("field " + field);
        }
    }

    /** A smaller group would leave the availability cap above its GPUs, which the allocator could never use. */
    private static void belowCap(GroupField field, int value, int totalGpus, int capGpus) {
        if (capGpus > 0 && totalGpus < capGpus) {
            throw new IllegalArgumentException(field.label() + ": " + value + " gives " + totalGpus
                    + " GPUs, fewer than the GPU cap of " + capGpus + "; lower the cap first");
        }
    }

    private static int wholeNumber(GroupField field, String text, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field.label() + ": '" + text + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(field.label() + ": " + v + " is out of range; use " + min + " to "
                    + (max == Integer.MAX_VALUE ? "any" : String.valueOf(max)));
        }
        return v;
    }

    private static double positive(GroupField field, String text) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field.label() + ": '" + text + "' is not a number");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field.label() + ": " + text + " must be more than 0");
        }
        return v;
    }

    static LinkKind linkKindOf(Node node) {
        return node.intraNode().name().toLowerCase(Locale.ROOT).contains("pcie") ? LinkKind.PCIE : LinkKind.NVLINK;
    }

    /** Replaces the study's cluster with a cluster file's (off the FX thread; a bad file changes nothing). */
    public void openClusterFile(Path file) {
        BackgroundTask.wrap("Open cluster " + file.getFileName(), p -> ClusterFiles.read(file, study.catalog()))
                .onSuccess(cluster -> {
                    study.edit(d -> d.withCluster(cluster.name(), cluster.groups()));
                    selectedName.set(cluster.groups().get(0).name());
                    info("Opened cluster " + file.getFileName() + ": " + cluster.totalGpus() + " GPUs");
                })
                .onFailure(e -> error(e.getMessage()))
                .executeWith(executor);
    }

    public void saveClusterFile(Path file) {
        Cluster cluster = study.document().cluster().orElse(null);
        if (cluster == null) {
            error("There is no node group to save yet. Drag a GPU type onto the canvas first.");
            return;
        }
        BackgroundTask.wrap("Save cluster " + file.getFileName(), p -> {
                    ClusterFiles.write(cluster, file);
                    return file;
                })
                .onSuccess(f -> info("Saved cluster to " + f))
                .onFailure(e -> error("Cannot write " + file + ": " + e.getMessage()))
                .executeWith(executor);
    }

    private String freeGroupName(String base) {
        String name = base;
        for (int i = 2; containsGroup(name); i++) {
            name = base + " #" + i;
        }
        return name;
    }

    private boolean containsGroup(String name) {
        return groups.stream().anyMatch(g -> g.name().equals(name));
    }

    private void refresh(StudyDocument doc) {
        groups.setAll(doc == null ? List.of() : doc.nodeGroups());
        summary.set(summaryAtCatalogPrices(groups));
        if (selectedName.get() == null || !containsGroup(selectedName.get())) {
            selectedName.set(groups.isEmpty() ? null : groups.get(0).name());
        }
        refreshSelection();
    }

    private void refreshSelection() {
        NodeGroup g = groups.stream().filter(x -> x.name().equals(selectedName.get())).findFirst().orElse(null);
        selected.set(g);
        refreshing = true;
        try {
            fieldErrors.clear();
            if (g == null) {
                fieldText.values().forEach(p -> p.set(""));
                return;
            }
            fieldText.get(GroupField.NAME).set(g.name());
            fieldText.get(GroupField.GPUS_PER_NODE).set(String.valueOf(g.node().gpuCount()));
            fieldText.get(GroupField.NODES).set(String.valueOf(g.nodeCount()));
            fieldText.get(GroupField.INTRA_LINK).set(linkKindOf(g.node()).toString());
            fieldText.get(GroupField.INTRA_BANDWIDTH_GBPS).set(number(g.node().intraNode().bandwidthGBps()));
            fieldText.get(GroupField.NIC_BANDWIDTH_GBPS).set(number(g.node().interNode().bandwidthGBps()));
            fieldText.get(GroupField.AVAILABILITY_CAP_GPUS).set(String.valueOf(g.availabilityCapGpus()));
            intraLink.set(linkKindOf(g.node()));
        } finally {
            refreshing = false;
        }
    }

    static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private boolean info(String text) {
        messageIsError.set(false);
        message.set(text);
        return true;
    }

    private boolean error(String text) {
        messageIsError.set(true);
        message.set(text);
        return false;
    }

    public ObservableList<GpuType> palette() {
        return palette;
    }

    public ObservableList<NodeGroup> groups() {
        return groups;
    }

    /** The selected group's name; set it to select another group. */
    public ObjectProperty<String> selectedNameProperty() {
        return selectedName;
    }

    public ReadOnlyObjectProperty<NodeGroup> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public StringProperty fieldTextProperty(GroupField field) {
        return fieldText.get(field);
    }

    public ObservableMap<GroupField, String> fieldErrors() {
        return fieldErrors;
    }

    public ObjectProperty<LinkKind> intraLinkProperty() {
        return intraLink;
    }

    public ReadOnlyObjectProperty<ClusterSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }
}
