package io.fleetwise.views.common;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Accordion;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TitledPane;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Depth-first visits of a scene graph that also enter content a control only makes a child once skinned. */
public final class NodeWalk {

    private NodeWalk() {
    }

    /** Visits every node under {@code root} once, including content that is not a child until it is skinned. */
    public static void visit(Node root, Consumer<Node> visitor) {
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        List<Node> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            Node node = stack.remove(stack.size() - 1);
            if (node == null || seen.put(node, Boolean.TRUE) != null) {
                continue;
            }
            visitor.accept(node);
            List<Node> next = new ArrayList<>();
            if (node instanceof Parent parent) {
                next.addAll(parent.getChildrenUnmodifiable());
            }
            if (node instanceof ScrollPane scroll) {
                next.add(scroll.getContent());
            } else if (node instanceof TabPane tabs) {
                for (Tab tab : tabs.getTabs()) {
                    next.add(tab.getContent());
                }
            } else if (node instanceof SplitPane split) {
                next.addAll(split.getItems());
            } else if (node instanceof TitledPane titled) {
                next.add(titled.getContent());
            } else if (node instanceof Accordion accordion) {
                next.addAll(accordion.getPanes());
            }
            for (int i = next.size() - 1; i >= 0; i--) {
                stack.add(next.get(i)); // reversed, so children are visited in their order
            }
        }
    }
}
