package io.fleetwise.views.reports;

import io.fleetwise.reports.ReportSection;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The Reports area: study, sections, formats and folder on the left; progress and written files on the right. */
public final class ReportsView extends BorderPane implements io.fleetwise.views.common.Refreshable {

    private final ReportsViewModel model;

    public ReportsView(ReportsViewModel model) {
        this.model = model;
        setId("reports-view");
        setPadding(new Insets(12));

        ComboBox<String> study = new ComboBox<>(model.studies());
        study.setId("report-study");
        study.valueProperty().bindBidirectional(model.selectedStudyProperty());
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> model.refreshStudies());

        VBox sections = new VBox(4);
        for (ReportSection s : ReportSection.values()) {
            CheckBox box = new CheckBox(s.title());
            box.setId("section-" + s.name().toLowerCase(java.util.Locale.ROOT));
            box.setWrapText(true); // long section titles wrap rather than end in "..."
            box.setMinHeight(CheckBox.USE_PREF_SIZE);
            box.selectedProperty().bindBidirectional(model.sectionProperty(s));
            sections.getChildren().add(box);
        }

        CheckBox includeEmpty = new CheckBox("Also sections without results");
        includeEmpty.setId("include-empty-sections");
        includeEmpty.setTooltip(new Tooltip("Off: a section the study has no saved results for is left out of the "
                + "PDF and its title page says so. On: it is printed with a note saying which area makes the result."));
        includeEmpty.selectedProperty().bindBidirectional(model.includeEmptySectionsProperty());
        sections.getChildren().add(includeEmpty);

        CheckBox pdf = new CheckBox("PDF report");
        pdf.setId("format-pdf");
        pdf.selectedProperty().bindBidirectional(model.pdfProperty());
        CheckBox csv = new CheckBox("CSV of every results table");
        csv.setId("format-csv");
        csv.selectedProperty().bindBidirectional(model.csvProperty());
        CheckBox png = new CheckBox("Charts as PNG");
        png.setId("format-png");
        png.selectedProperty().bindBidirectional(model.pngProperty());

        TextField folder = new TextField();
        folder.setId("report-folder");
        folder.setText(model.outputDirectoryProperty().get() == null ? "" : model.outputDirectoryProperty().get().toString());
        folder.textProperty().addListener((obs, old, text) -> {
            try {
                model.outputDirectoryProperty().set(text.isBlank() ? null : Paths.get(text.trim()));
            } catch (java.nio.file.InvalidPathException e) {
                model.outputDirectoryProperty().set(null);
                model.statusProperty().set("Not a folder path: " + text);
            }
        });
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button browse = new Button("Browse...");
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            Path current = model.outputDirectoryProperty().get();
            if (current != null && current.toFile().isDirectory()) {
                chooser.setInitialDirectory(current.toFile());
            }
            File chosen = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
            if (chosen != null) {
                folder.setText(chosen.getAbsolutePath());
            }
        });

        Button export = new Button("Export");
        export.setId("report-export");
        export.setDefaultButton(true);
        export.disableProperty().bind(model.runningProperty());
        export.setTooltip(new Tooltip("Computes the study's fleet allocation if none is saved (simulated "
                + "throughputs; takes seconds) and writes the chosen files"));
        export.setOnAction(e -> model.export());
        Button cancel = new Button("Cancel");
        cancel.setId("report-cancel");
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());

        VBox left = new VBox(8,
                new Label("Study"), new HBox(6, study, refresh),
                new Label("Sections (the title page is always there)"), sections,
                new Label("Formats"), pdf, csv, png,
                new Label("Folder"), new HBox(6, folder, browse),
                new HBox(6, export, cancel));
        left.setPrefWidth(380);
        left.setPadding(new Insets(0, 12, 0, 0));

        ProgressBar bar = new ProgressBar();
        bar.setId("report-progress");
        bar.progressProperty().bind(model.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.setId("report-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        ListView<Path> files = new ListView<>(model.writtenFiles());
        files.setId("report-files");
        files.setPlaceholder(new Label("Nothing written yet: tick the sections and formats, then press Export."));
        VBox.setVgrow(files, Priority.ALWAYS);
        VBox right = new VBox(8, bar, status, new Label("Files written"), files);

        setLeft(left);
        setCenter(right);
    }

    public ReportsViewModel model() {
        return model;
    }

    /** Studies imported from the command line. */
    @Override
    public void refreshFromStore() {
        model.refreshStudies();
    }
}
