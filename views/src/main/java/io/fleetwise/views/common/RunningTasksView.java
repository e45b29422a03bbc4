package io.fleetwise.views.common;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The progress view: one row per running task with its title, progress, latest message and Cancel. */
public final class RunningTasksView extends ListView<RunningTasks.RunningTask> {

    public RunningTasksView(RunningTasks running) {
        super(running.tasks());
        setId("runningTasks");
        setPlaceholder(new Label("No tasks are running."));
        setFocusTraversable(false);
        setCellFactory(v -> new TaskCell());
    }

    private static final class TaskCell extends ListCell<RunningTasks.RunningTask> {
        @Override
        protected void updateItem(RunningTasks.RunningTask task, boolean empty) {
            super.updateItem(task, empty);
            setText(null);
            if (empty || task == null) {
                setGraphic(null);
                return;
            }
            Label title = new Label(task.title());
            title.getStyleClass().add("task-title");
            Label message = new Label();
            message.getStyleClass().add("task-message");
            message.textProperty().bind(task.messageProperty());
            ProgressBar progress = new ProgressBar();
            progress.setMaxWidth(Double.MAX_VALUE);
            progress.progressProperty().bind(task.progressProperty());
            HBox.setHgrow(progress, Priority.ALWAYS);
            Button cancel = new Button("Cancel");
            cancel.getStyleClass().add("task-cancel");
            cancel.setTooltip(new Tooltip("Stop " + task.title() + "; its partial results are discarded"));
            cancel.setOnAction(e -> {
                task.cancel();
                cancel.setDisable(true);
            });
            cancel.setDisable(task.isCancelRequested());
            HBox bar = new HBox(6, progress, cancel);
            bar.setAlignment(Pos.CENTER_LEFT);
            VBox row = new VBox(3, title, bar, message);
            row.setPadding(new Insets(4, 2, 4, 2));
            setGraphic(row);
        }
    }
}
