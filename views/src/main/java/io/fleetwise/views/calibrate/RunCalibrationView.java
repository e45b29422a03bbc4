package io.fleetwise.views.calibrate;

import io.fleetwise.planner.model.SchedulerKind;
import io.fleetwise.views.common.AreaControls;
import io.fleetwise.views.common.TableFit;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Calibrate from serving runs: the measured runs and what served them on the left; Fit / Cancel with progress, the
 * per-run errors (in sample and held out) and the fitted parameters on the right. Binds to
 * {@link RunCalibrationViewModel}; no logic here.
 */
public final class RunCalibrationView extends BorderPane {
    private final RunCalibrationViewModel viewModel;
    // Spinners bind through these object views of the int properties; fields keep them from being collected.
    private final ObjectProperty<Integer> tpValue;
    private final ObjectProperty<Integer> replicasValue;

    public RunCalibrationView(RunCalibrationViewModel viewModel) {
        this.viewModel = viewModel;
        setId("runCalibrationView");
        setPadding(new Insets(8));
        tpValue = viewModel.tensorParallelProperty().asObject();
        replicasValue = viewModel.replicasProperty().asObject();
        setLeft(buildForm());
        setCenter(buildResults());
    }

    private javafx.scene.Node buildForm() {
        ListView<String> files = new ListView<>(viewModel.runFiles());
        files.setId("runCalFiles");
        files.setPrefHeight(120);
        files.setPlaceholder(new Label("No runs yet"));
        files.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String entry, boolean empty) {
                super.updateItem(entry, empty);
                setText(empty || entry == null ? null : RunCalibrationViewModel.shortName(entry));
                setTooltip(empty || entry == null ? null : new Tooltip(entry));
            }
        });
        Button addResults = new Button("Add results…");
        addResults.setId("runCalAddResults");
        addResults.setTooltip(new Tooltip("vllm bench serve --save-result JSON (details optional), "
                + "sglang bench_serving --output-file JSONL"));
        addResults.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Benchmark result files");
            List<File> chosen = chooser.showOpenMultipleDialog(getScene().getWindow());
            if (chosen != null) {
                viewModel.addResultFiles(chosen.stream().map(File::toPath).toList());
            }
        });
        Button addSnapshot = new Button("Add /metrics…");
        addSnapshot.setId("runCalAddSnapshot");
        addSnapshot.setTooltip(new Tooltip("A vLLM server's Prometheus /metrics text, then the JSON Lines list of the "
                + "requests it served (arrival_s, input_tokens, output_tokens)"));
        addSnapshot.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Prometheus /metrics snapshot");
            File metrics = chooser.showOpenDialog(getScene().getWindow());
            if (metrics == null) {
                return;
            }
            chooser.setTitle("Requests that server served (JSON Lines)");
            File requests = chooser.showOpenDialog(getScene().getWindow());
            if (requests != null) {
                viewModel.addPrometheusSnapshot(metrics.toPath(), requests.toPath());
            }
        });
        Button remove = new Button("Remove");
        remove.setId("runCalRemove");
        remove.disableProperty().bind(files.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> viewModel.removeRunFile(files.getSelectionModel().getSelectedItem()));
        javafx.scene.layout.FlowPane fileButtons = new javafx.scene.layout.FlowPane(6, 6, addResults, addSnapshot, remove);
        for (Button b : List.of(addResults, addSnapshot, remove)) {
            b.setMinWidth(Button.USE_PREF_SIZE);
        }

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.getColumnConstraints().addAll(new ColumnConstraints(150), new ColumnConstraints(150));
        int row = 0;
        ComboBox<String> model = combo("runCalModel", viewModel.modelNames(), viewModel.modelNameProperty());
        AreaControls.addRow(form, row++, "Model", model);
        ComboBox<String> gpu = combo("runCalGpu", viewModel.gpuNames(), viewModel.gpuNameProperty());
        AreaControls.addRow(form, row++, "GPU type", gpu);
        AreaControls.addRow(form, row++, "TP", spinner("runCalTp", 1, 64, tpValue));
        AreaControls.addRow(form, row++, "Replicas", spinner("runCalReplicas", 1, 512, replicasValue));
        ComboBox<SchedulerKind> scheduler = new ComboBox<>();
        scheduler.getItems().addAll(SchedulerKind.values());
        scheduler.setId("runCalScheduler");
        scheduler.valueProperty().bindBidirectional(viewModel.schedulerProperty());
        AreaControls.addRow(form, row++, "Scheduler", scheduler);
        AreaControls.addRow(form, row++, "Max sequences", text("runCalMaxSeqs", viewModel.maxNumSeqsTextProperty()));
        TextField budget = text("runCalMaxTokens", viewModel.maxBatchedTokensTextProperty());
        budget.setPromptText("engine default");
        AreaControls.addRow(form, row++, "Batch token budget", budget);
        AreaControls.addRow(form, row++, "GPU memory share", text("runCalGpuMem", viewModel.gpuMemoryUtilizationTextProperty()));
        ComboBox<String> engine = combo("runCalEngine", viewModel.engines(), viewModel.engineProperty());
        AreaControls.addRow(form, row++, "Engine profile", engine);
        TextField label = text("runCalLabel", viewModel.labelProperty());
        label.setPromptText("runs and deployment");
        AreaControls.addRow(form, row++, "Label", label);

        Label validation = AreaControls.validationLabel("runCalValidation", 300, viewModel.validationMessageProperty());
        VBox box = new VBox(8, bold("Measured runs"), files, fileButtons, bold("What served them"), form, validation);
        box.setPadding(new Insets(0, 8, 0, 0));
        return AreaControls.formScroll(box, 330);
    }

    private VBox buildResults() {
        VBox strip = AreaControls.runStrip(AreaControls.startButton("Fit", "runCalFit", viewModel.canFitProperty(),
                        viewModel::fit), "runCal", viewModel.runningProperty(), viewModel.progressProperty(),
                viewModel.statusProperty(), viewModel.statusIsErrorProperty(), viewModel::cancel);
        Label summary = AreaControls.noteLabel("runCalSummary", 0, viewModel.resultSummaryProperty());

        TableView<RunRow> runs = new TableView<>(viewModel.runRows());
        runs.setId("runCalRuns");
        runs.setPlaceholder(new Label("Fit to see each run's error"));
        runs.getColumns().add(TableFit.longText(column("Run", RunRow::run), 260));
        runs.getColumns().add(column("Load", RunRow::load));
        runs.getColumns().add(column("Reqs", r -> Integer.toString(r.requests())));
        runs.getColumns().add(column("TTFT", r -> pct(r.ttftError())));
        runs.getColumns().add(column("TPOT", r -> pct(r.tpotError())));
        runs.getColumns().add(column("Tput", r -> pct(r.throughputError())));
        runs.getColumns().add(column("LOO\nTTFT", r -> pct(r.heldOutTtftError())));
        runs.getColumns().add(column("LOO\nTPOT", r -> pct(r.heldOutTpotError())));
        runs.getColumns().add(column("LOO\ntput", r -> pct(r.heldOutThroughputError())));
        TableFit.install(runs); // headers never cut (CONSTRAINED squeezed "Reqs" to "..." at 1280x800)
        VBox.setVgrow(runs, Priority.ALWAYS);

        TableView<ParameterRow> params = new TableView<>(viewModel.parameterRows());
        params.setId("runCalParameters");
        params.setPlaceholder(new Label("Fitted parameters appear here"));
        params.setPrefHeight(170);
        params.getColumns().add(column("Parameter", ParameterRow::name));
        params.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        params.getColumns().add(column("Start", p -> num(p.start())));
        params.getColumns().add(column("Fitted", p -> num(p.fitted())));

        Label note = new Label("Errors are predicted / measured - 1, after the fit. LOO (leave-one-out): the fit without "
                + "that run, predicting it. Throughput is compared where the server set the pace (closed loop, rate inf).");
        note.setMinHeight(Label.USE_PREF_SIZE);
        note.setWrapText(true);
        note.setStyle(AreaControls.NOTE_STYLE);
        return AreaControls.resultsColumn(strip, summary, bold("Runs"), runs, bold("Fitted parameters"), params, note);
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new javafx.beans.property.SimpleStringProperty(value.apply(d.getValue())));
        return c;
    }

    private static String pct(double e) {
        return Double.isNaN(e) ? "—" : String.format(Locale.ROOT, "%+.1f%%", 100 * e);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static Label bold(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold;");
        return l;
    }

    private static ComboBox<String> combo(String id, javafx.collections.ObservableList<String> items,
                                          javafx.beans.property.StringProperty value) {
        ComboBox<String> c = new ComboBox<>(items);
        c.setId(id);
        c.valueProperty().bindBidirectional(value);
        return c;
    }

    private static Spinner<Integer> spinner(String id, int min, int max, ObjectProperty<Integer> value) {
        Spinner<Integer> spinner = new Spinner<>();
        spinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, value.get()));
        spinner.getValueFactory().valueProperty().bindBidirectional(value);
        spinner.setId(id);
        return spinner;
    }

    private static TextField text(String id, javafx.beans.property.StringProperty property) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(property);
        return field;
    }
}
