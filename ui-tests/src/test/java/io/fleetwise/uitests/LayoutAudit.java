package io.fleetwise.uitests;

import eu.hansolo.tilesfx.Tile;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.text.Text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a user sees cut off in a laid-out window: a button, label, column header or KPI tile whose shown text is not
 * its full text (JavaFX replaced the end by an ellipsis), a tile text too small to read, and a control or drawing
 * that lies outside the window or outside the container that clips it (a scroll pane's viewport may hide content:
 * the user scrolls to it, so that is not a problem).
 */
final class LayoutAudit {

    /** Below this a tile's title or value cannot be read on a normal screen. */
    static final double MIN_READABLE_FONT_PX = 9.5;
    private static final double SLACK_PX = 1.5;

    private LayoutAudit() {
    }

    /** Every problem in the scene, one line each, naming the node by its text or id and where it is. */
    static List<String> problems(Scene scene) {
        Set<String> found = new LinkedHashSet<>();
        visit(scene.getRoot(), node -> check(node, scene, found));
        return new ArrayList<>(found);
    }

    private interface Visitor {
        void accept(Node node);
    }

    private static void visit(Node node, Visitor visitor) {
        if (!node.isVisible()) {
            return;
        }
        visitor.accept(node);
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                visit(child, visitor);
            }
        }
    }

    private static void check(Node node, Scene scene, Set<String> found) {
        if (node instanceof Labeled labeled && !(labeled instanceof IndexedCell<?>)) {
            truncatedLabel(labeled).ifPresent(found::add);
        }
        if (node instanceof Tile tile) {
            found.addAll(tileProblems(tile));
        }
        if (isCheckedForPlace(node)) {
            misplaced(node, scene).ifPresent(found::add);
        }
    }

    /** The text JavaFX laid out (the skin's text node) differs from the full text: it was cut. */
    private static java.util.Optional<String> truncatedLabel(Labeled labeled) {
        String full = labeled.getText();
        if (full == null || full.isBlank() || labeled.getWidth() <= 0 || insideCell(labeled)) {
            return java.util.Optional.empty();
        }
        String expected = labeled.isMnemonicParsing() ? withoutMnemonic(full) : full;
        for (Node child : labeled.getChildrenUnmodifiable()) {
            if (child instanceof Text shown && child.getStyleClass().contains("text")) {
                if (!expected.equals(shown.getText())) {
                    return java.util.Optional.of(kind(labeled) + " '" + full + "' is cut to '" + shown.getText()
                            + "' (" + where(labeled) + ")");
                }
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.empty();
    }

    private static List<String> tileProblems(Tile tile) {
        List<String> problems = new ArrayList<>();
        if (tile.getWidth() <= 0) {
            return problems;
        }
        Bounds box = tile.localToScene(tile.getLayoutBounds());
        visit(tile, node -> {
            if (node instanceof Text text && text.getText() != null && !text.getText().isBlank()
                    && !(text.getParent() instanceof Labeled)) {
                Bounds b = text.localToScene(text.getBoundsInLocal());
                if (!contains(box, b)) {
                    problems.add("KPI tile '" + tile.getTitle() + "': text '" + text.getText()
                            + "' runs outside the tile (" + where(tile) + ")");
                }
                if (text.getFont().getSize() < MIN_READABLE_FONT_PX) {
                    problems.add(String.format(Locale.ROOT, "KPI tile '%s': text '%s' is %.1f px, too small to read",
                            tile.getTitle(), text.getText(), text.getFont().getSize()));
                }
            }
        });
        return problems;
    }

    /** Controls a user reads or clicks, drawings and tiles; skin internals are left to their control. */
    private static boolean isCheckedForPlace(Node node) {
        if (node instanceof Tile || node instanceof Canvas) {
            return true;
        }
        if (node instanceof ButtonBase || node instanceof TextInputControl || node instanceof ComboBoxBase<?>
                || node instanceof Label) {
            return !insideCell(node) && !(node.getParent() instanceof TableColumnHeader) && !insideTile(node);
        }
        return false;
    }

    /**
     * The node must lie inside the window and inside the nearest ancestor that clips it, unless that ancestor is a
     * scrolling viewport (the user can scroll there).
     */
    private static java.util.Optional<String> misplaced(Node node, Scene scene) {
        Bounds b = node.localToScene(node.getLayoutBounds());
        if (b.getWidth() <= 0 || b.getHeight() <= 0) {
            return java.util.Optional.empty();
        }
        for (Node a = node.getParent(); a != null; a = a.getParent()) {
            if (isScrolling(a) || isScrolling(a.getParent())) {
                return java.util.Optional.empty(); // a viewport: the user scrolls to what it hides
            }
            if (a.getClip() != null) {
                Bounds clip = a.localToScene(a.getClip().getBoundsInParent());
                if (!contains(clip, b)) {
                    return java.util.Optional.of(kind(node) + " is cut off by its container "
                            + a.getClass().getSimpleName() + " (" + where(node) + ")");
                }
                return java.util.Optional.empty();
            }
        }
        if (b.getMinX() < -SLACK_PX || b.getMinY() < -SLACK_PX || b.getMaxX() > scene.getWidth() + SLACK_PX
                || b.getMaxY() > scene.getHeight() + SLACK_PX) {
            return java.util.Optional.of(kind(node) + " lies outside the " + (int) scene.getWidth() + "x"
                    + (int) scene.getHeight() + " window (" + where(node) + ")");
        }
        return java.util.Optional.empty();
    }

    private static boolean isScrolling(Node node) {
        return node instanceof ScrollPane || node instanceof VirtualFlow<?>;
    }

    private static boolean contains(Bounds outer, Bounds inner) {
        return inner.getMinX() >= outer.getMinX() - SLACK_PX && inner.getMinY() >= outer.getMinY() - SLACK_PX
                && inner.getMaxX() <= outer.getMaxX() + SLACK_PX && inner.getMaxY() <= outer.getMaxY() + SLACK_PX;
    }

    private static boolean insideCell(Node node) {
        for (Node a = node; a != null; a = a.getParent()) {
            if (a instanceof IndexedCell<?>) {
                return true;
            }
        }
        return false;
    }

    private static boolean insideTile(Node node) {
        for (Node a = node.getParent(); a != null; a = a.getParent()) {
            if (a instanceof Tile) {
                return true;
            }
        }
        return false;
    }

    static String withoutMnemonic(String text) {
        int i = text.indexOf('_');
        return i >= 0 && i + 1 < text.length() && text.charAt(i + 1) != '_' ? text.substring(0, i) + text.substring(i + 1)
                : text;
    }

    private static String kind(Node node) {
        if (node.getParent() instanceof TableColumnHeader || node.getParent() != null
                && node.getParent().getParent() instanceof TableColumnHeader) {
            return "column header";
        }
        String text = node instanceof Labeled l && l.getText() != null && !l.getText().isBlank() ? " '" + l.getText() + "'"
                : node instanceof Tile t ? " '" + t.getTitle() + "'" : "";
        return node.getClass().getSimpleName() + text;
    }

    private static String where(Node node) {
        Bounds b = node.localToScene(node.getLayoutBounds());
        String id = null;
        for (Node a = node; a != null && id == null; a = a.getParent()) {
            id = a.getId();
        }
        return String.format(Locale.ROOT, "%s at x %.0f-%.0f, y %.0f-%.0f", id == null ? "no id" : "in #" + id,
                b.getMinX(), b.getMaxX(), b.getMinY(), b.getMaxY());
    }
}
