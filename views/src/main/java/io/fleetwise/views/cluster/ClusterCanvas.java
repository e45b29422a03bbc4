package io.fleetwise.views.cluster;

import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.views.common.ThemeAware;
import io.fleetwise.views.common.ThemePalette;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.function.Consumer;

/**
 * Draws the cluster: one rack per node group under a network switch, each node a row of GPU squares joined by its
 * intra-node link (green NVLink, grey PCIe), each node's NIC a line up to the switch. Nodes that do not fit are
 * summarised as "+N nodes". The node count of the scene does not grow with the cluster: it is one Canvas.
 */
final class ClusterCanvas extends Region implements ThemeAware {

    static final double MAX_RACK_WIDTH = 190;
    static final double MIN_RACK_WIDTH = 120;
    static final double RACK_GAP = 24;
    static final double MARGIN = 16;
    private static final double SWITCH_HEIGHT = 28;
    private static final double HEADER_HEIGHT = 40;
    private static final double NODE_HEIGHT = 30;
    private static final Color NVLINK = Color.web("#2e9d4f");
    private static final Color PCIE = Color.web("#8a8a8a");
    private static final Color GPU = Color.web("#76b900");

    private final Canvas canvas = new Canvas();
    private final ObservableList<NodeGroup> groups;
    private String selected;
    private ThemePalette palette = ThemePalette.current();

    ClusterCanvas(ObservableList<NodeGroup> groups, Consumer<String> onSelect) {
        this.groups = groups;
        getChildren().add(canvas);
        setMinHeight(200); // the minimum width follows the racks (computeMinWidth)
        setStyle(idleStyle());
        groups.addListener((ListChangeListener<NodeGroup>) c -> {
            requestLayout(); // the minimum width follows the number of racks
            draw();
        });
        widthProperty().addListener((o, a, b) -> draw());
        heightProperty().addListener((o, a, b) -> draw());
        setOnMouseClicked(e -> {
            int index = (int) Math.floor((e.getX() - MARGIN) / (rackWidth() + RACK_GAP));
            if (index >= 0 && index < groups.size() && e.getY() > MARGIN + SWITCH_HEIGHT) {
                onSelect.accept(groups.get(index).name());
            }
        });
    }

    @Override
    public void applyPalette(ThemePalette next) {
        palette = next;
        setStyle(idleStyle());
        draw();
    }

    ThemePalette palette() {
        return palette;
    }

    /** The region's own background and border in the current palette (restored after a drag ends). */
    String idleStyle() {
        return "-fx-background-color: " + ThemePalette.css(palette.background()) + "; -fx-border-color: "
                + ThemePalette.css(palette.border()) + ";";
    }

    /**
     * Every rack at its narrowest: the area's scroll pane scrolls rather than cutting racks off when there are more
     * node groups than fit.
     */
    @Override
    protected double computeMinWidth(double height) {
        int n = Math.max(1, groups.size());
        return 2 * MARGIN + n * MIN_RACK_WIDTH + (n - 1) * RACK_GAP;
    }

    @Override
    protected double computePrefWidth(double height) {
        return computeMinWidth(height);
    }

    /** Racks share the width, between their narrowest and widest. */
    private double rackWidth() {
        int n = Math.max(1, groups.size());
        double fit = (getWidth() - 2 * MARGIN - (n - 1) * RACK_GAP) / n;
        return Math.max(MIN_RACK_WIDTH, Math.min(MAX_RACK_WIDTH, fit));
    }

    void setSelected(String name) {
        selected = name;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w <= 0 || h <= 0) {
            return;
        }
        g.setTextBaseline(VPos.CENTER);
        if (groups.isEmpty()) {
            g.setFill(palette.muted());
            g.setFont(Font.font(15));
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText("Drag a GPU type from the palette here to add a node group", w / 2, h / 2);
            return;
        }
        double rackWidth = rackWidth();
        double racksRight = MARGIN + groups.size() * (rackWidth + RACK_GAP) - RACK_GAP;
        g.setFill(palette.raised());
        g.fillRoundRect(MARGIN, MARGIN, Math.max(racksRight, w - MARGIN) - MARGIN, SWITCH_HEIGHT, 6, 6);
        g.setStroke(palette.border());
        g.setLineWidth(1);
        g.strokeRoundRect(MARGIN, MARGIN, Math.max(racksRight, w - MARGIN) - MARGIN, SWITCH_HEIGHT, 6, 6);
        g.setFill(palette.foreground());
        g.setFont(Font.font(12));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("Network (inter-node)", MARGIN + 8, MARGIN + SWITCH_HEIGHT / 2);
        for (int i = 0; i < groups.size(); i++) {
            drawRack(g, groups.get(i), MARGIN + i * (rackWidth + RACK_GAP), rackWidth, MARGIN + SWITCH_HEIGHT + 18, h - MARGIN);
        }
    }

    private void drawRack(GraphicsContext g, NodeGroup group, double x, double rackWidth, double top, double bottom) {
        boolean isSelected = group.name().equals(selected);
        int fit = (int) Math.max(1, Math.floor((bottom - top - HEADER_HEIGHT - 26) / NODE_HEIGHT));
        int shown = Math.min(group.nodeCount(), fit);
        double rackBottom = top + HEADER_HEIGHT + shown * NODE_HEIGHT + (shown < group.nodeCount() ? 24 : 6);
        g.setFill(palette.surface());
        g.fillRoundRect(x, top, rackWidth, rackBottom - top, 8, 8);
        g.setStroke(isSelected ? palette.selection() : palette.border());
        g.setLineWidth(isSelected ? 3 : 1);
        g.strokeRoundRect(x, top, rackWidth, rackBottom - top, 8, 8);
        g.setFill(palette.foreground());
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 12));
        g.fillText(group.name(), x + 8, top + 12, rackWidth - 16);
        g.setFont(Font.font(11));
        g.fillText(group.nodeCount() + " x " + group.node().gpuCount() + " " + group.gpu().name()
                + (group.availabilityCapGpus() > 0 ? "  cap " + group.availabilityCapGpus() : ""), x + 8, top + 28, rackWidth - 16);
        boolean pcie = ClusterViewModel.linkKindOf(group.node()) == LinkKind.PCIE;
        int perNode = group.node().gpuCount();
        double gpuSize = Math.max(3, Math.min(16, (rackWidth - 40) / perNode - 3));
        double lastNicY = top;
        for (int n = 0; n < shown; n++) {
            double y = top + HEADER_HEIGHT + n * NODE_HEIGHT;
            g.setFill(palette.raised());
            g.fillRect(x + 8, y, rackWidth - 16, NODE_HEIGHT - 6);
            g.setStroke(palette.border());
            g.setLineWidth(1);
            g.strokeRect(x + 8, y, rackWidth - 16, NODE_HEIGHT - 6);
            double cy = y + (NODE_HEIGHT - 6) / 2;
            double firstX = x + 16;
            double lastX = firstX + (perNode - 1) * (gpuSize + 3);
            g.setStroke(pcie ? PCIE : NVLINK);
            g.setLineWidth(pcie ? 1.5 : 3);
            if (pcie) {
                g.setLineDashes(4, 3);
            }
            g.strokeLine(firstX + gpuSize / 2, cy, lastX + gpuSize / 2, cy);
            g.setLineDashes((double[]) null);
            g.setFill(GPU);
            for (int k = 0; k < perNode; k++) {
                double gx = firstX + k * (gpuSize + 3);
                g.fillRect(gx, cy - gpuSize / 2, gpuSize, gpuSize);
            }
            // each node's NIC: a short line into the rack's right gutter, where one riser goes up to the switch
            g.setStroke(palette.accent());
            g.setLineWidth(1.5);
            g.strokeLine(x + rackWidth - 8, cy, x + rackWidth - 4, cy);
            lastNicY = cy;
        }
        if (shown > 0) {
            g.setStroke(palette.accent());
            g.setLineWidth(1.5);
            g.strokeLine(x + rackWidth - 4, lastNicY, x + rackWidth - 4, MARGIN + SWITCH_HEIGHT);
        }
        if (shown < group.nodeCount()) {
            g.setFill(palette.muted());
            g.setFont(Font.font(11));
            g.fillText("+ " + (group.nodeCount() - shown) + " more nodes", x + 12, top + HEADER_HEIGHT + shown * NODE_HEIGHT + 8);
        }
    }
}
