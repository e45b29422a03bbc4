package io.fleetwise.views.plans;

import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.search.GpuAssignment;
import io.fleetwise.planner.search.PlanPart;
import io.fleetwise.planner.search.RankedPlan;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chosen plan drawn on the cluster: one row per node, one square per GPU, colored by plan part (neighbouring
 * replicas alternate in brightness, later pipeline stages darker), labelled with stage and TP shard, marked P/D for prefill/decode pools; idle GPUs grey.
 * A legend lists the replicas' parts.
 */
final class PlacementDiagram extends Pane implements io.fleetwise.views.common.ThemeAware {
    private static final double CELL = 46;
    private static final double GAP = 6;
    private final Canvas canvas = new Canvas();
    private List<GpuAssignment> gpus = List.of();
    private RankedPlan plan;
    private io.fleetwise.views.common.ThemePalette palette = io.fleetwise.views.common.ThemePalette.current();

    PlacementDiagram() {
        getChildren().add(canvas);
        canvas.widthProperty().bind(widthProperty());
        canvas.heightProperty().bind(heightProperty());
        canvas.widthProperty().addListener(o -> draw());
        canvas.heightProperty().addListener(o -> draw());
        setMinSize(200, 120);
    }

    @Override
    public void applyPalette(io.fleetwise.views.common.ThemePalette next) {
        palette = next;
        draw();
    }

    void show(RankedPlan plan, List<GpuAssignment> gpus) {
        this.plan = plan;
        this.gpus = List.copyOf(gpus);
        draw();
    }

    /** Hue by plan part, alternating brightness between neighbouring replicas, darker for later pipeline stages. */
    static Color gpuColor(int part, int replica, int stage) {
        Color base = Color.hsb((part * 137 + 200) % 360, 0.50, replica % 2 == 0 ? 0.92 : 0.75);
        return base.deriveColor(0, 1 + 0.25 * stage, 1 - 0.18 * stage, 1);
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(palette.background());
        g.fillRect(0, 0, w, h);
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.CENTER);
        if (plan == null || gpus.isEmpty()) {
            g.setFill(palette.muted());
            g.fillText("Run a search to see the chosen plan on the cluster.", 10, 20);
            return;
        }
        Map<String, List<GpuAssignment>> rows = new LinkedHashMap<>();
        for (GpuAssignment a : gpus) {
            rows.computeIfAbsent(a.nodeGroup() + " node " + a.node(), k -> new ArrayList<>()).add(a);
        }
        double y = 8;
        double labelW = 150;
        for (var row : rows.entrySet()) {
            g.setFill(palette.foreground());
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(row.getKey(), 6, y + CELL / 2);
            double x = labelW;
            for (GpuAssignment a : row.getValue()) {
                // idle GPUs in the theme's raised surface, so they recede in the dark theme as in the light one
                g.setFill(a.idle() ? palette.raised() : gpuColor(a.part(), a.replica(), a.stage()));
                g.fillRoundRect(x, y, CELL, CELL, 6, 6);
                g.setStroke(palette.border());
                g.strokeRoundRect(x, y, CELL, CELL, 6, 6);
                g.setFill(a.idle() ? palette.muted() : Color.BLACK);
                g.setTextAlign(TextAlignment.CENTER);
                if (a.idle()) {
                    g.fillText("idle", x + CELL / 2, y + CELL / 2);
                } else {
                    g.fillText("R" + a.replica() + (a.role() == ReplicaRole.MIXED ? "" : a.role() == ReplicaRole.PREFILL ? " P" : " D"),
                            x + CELL / 2, y + CELL / 3);
                    g.fillText("s" + a.stage() + " t" + a.shard(), x + CELL / 2, y + 2 * CELL / 3);
                }
                x += CELL + GAP;
            }
            y += CELL + GAP;
        }
        // Legend: one line per part, in its first replica's color.
        y += 6;
        int replicaBase = 0;
        g.setTextAlign(TextAlignment.LEFT);
        for (int pi = 0; pi < plan.plan().parts().size(); pi++) {
            PlanPart part = plan.plan().parts().get(pi);
            g.setFill(gpuColor(pi, 0, 0));
            g.fillRect(6, y, 14, 14);
            g.setFill(palette.foreground());
            g.fillText(String.format("R%d-R%d: %s", replicaBase, replicaBase + part.count() - 1, part.label()), 26, y + 7);
            replicaBase += part.count();
            y += 18;
        }
        g.setFill(palette.muted());
        g.fillText("Rn = replica (shades alternate), sN = pipeline stage (darker = later), tN = tensor shard "
                        + "(attention-DP rank under attention-DP), P/D = prefill/decode pool",
                6, y + 7);
    }
}
