package io.fleetwise.views.schedule;

import io.fleetwise.planner.alloc.schedule.FleetScheduling;
import io.fleetwise.views.common.AreaControls;
import io.fleetwise.views.common.Charts;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

import java.util.Locale;
import java.util.function.Function;

/** The Fleet area's "Schedule over a day" tab. Binds to {@link ScheduleViewModel}. */
public final class ScheduleView extends BorderPane {

    private final ScheduleViewModel viewModel;
    private final ChartViewer chart = new ChartViewer(chart(null));

    public ScheduleView(ScheduleViewModel viewModel) {
        this.viewModel = viewModel;
        setId("scheduleView");
        setPadding(new Insets(8));

        ComboBox<ScheduleViewModel.Baseline> baseline = new ComboBox<>();
        baseline.setId("scheduleBaseline");
        baseline.setMaxWidth(Double.MAX_VALUE);
        baseline.getItems().setAll(ScheduleViewModel.Baseline.values());
        baseline.setConverter(new StringConverter<>() {
            @Override
            public String toString(ScheduleViewModel.Baseline b) {
                return b == null ? "" : b.label();
            }

            @Override
            public ScheduleViewModel.Baseline fromString(String s) {
                return null;
            }
        });
        baseline.valueProperty().bindBidirectional(viewModel.baselineProperty());
        CheckBox onDemand = new CheckBox("Peaks on demand");
        onDemand.setId("scheduleOnDemand");
        onDemand.selectedProperty().bindBidirectional(viewModel.onDemandProperty());
        CheckBox spot = new CheckBox("Peaks as spot");
        spot.setTooltip(new javafx.scene.control.Tooltip("Spot GPUs at their expected price: the spot price plus the "
                + "chance of an interruption times the on-demand replacement that keeps the SLO"));
        spot.setId("scheduleSpot");
        spot.selectedProperty().bindBidirectional(viewModel.spotProperty());
        CheckBox band = new CheckBox("Model's error band");
        band.setTooltip(new javafx.scene.control.Tooltip("Also plan the day with capacities at both ends of the "
                + "performance model's validated error (docs/validation.md): does the plan change, how far does the cost move"));
        band.setId("scheduleBand");
        band.setMinWidth(CheckBox.USE_PREF_SIZE);
        onDemand.setMinWidth(CheckBox.USE_PREF_SIZE);
        spot.setMinWidth(CheckBox.USE_PREF_SIZE);
        band.selectedProperty().bindBidirectional(viewModel.bandProperty());
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        Label baselineLabel = new Label("Baseline");
        baselineLabel.setMinWidth(Label.USE_PREF_SIZE);
        form.add(baselineLabel, 0, 0);
        form.add(baseline, 1, 0);
        // the field column takes the form's spare width, so "none (everything by the hour)" shows whole
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().setAll(new javafx.scene.layout.ColumnConstraints(), fields);
        // the check boxes span both columns: in the field column alone their text was cut at 1280 px
        for (CheckBox box : new CheckBox[] {onDemand, spot, band}) {
            box.setMinWidth(CheckBox.USE_PREF_SIZE);
        }
        form.add(onDemand, 0, 1, 2, 1);
        form.add(spot, 0, 2, 2, 1);
        form.add(band, 0, 3, 2, 1);
        javafx.scene.control.TextField requests = new javafx.scene.control.TextField();
        requests.setId("scheduleSearchRequests");
        requests.setPrefWidth(70);
        requests.textProperty().bindBidirectional(viewModel.searchRequestsTextProperty());
        javafx.scene.control.TextField seconds = new javafx.scene.control.TextField();
        seconds.setId("scheduleTimeLimit");
        seconds.setPrefWidth(70);
        seconds.textProperty().bindBidirectional(viewModel.timeLimitTextProperty());
        Label requestsLabel = new Label("Requests/search");
        requestsLabel.setTooltip(new javafx.scene.control.Tooltip("Requests per capacity-search simulation: more is "
                + "steadier and slower (the Fleet area uses 800)"));
        requestsLabel.setMinWidth(Label.USE_PREF_SIZE);
        form.add(requestsLabel, 0, 4);
        form.add(requests, 1, 4);
        Label secondsLabel = new Label("Solver seconds");
        secondsLabel.setMinWidth(Label.USE_PREF_SIZE);
        form.add(secondsLabel, 0, 5);
        form.add(seconds, 1, 5);
        Label hint = AreaControls.noteLabel("scheduleHint", 260, new javafx.beans.property.SimpleStringProperty(
                "The day comes from the study: its workload's diurnal curve (or its trace, counted per hour), its "
                        + "cluster's GPU types and its SLO. Prices come from the price book (Catalog area)."));
        requests.setMaxWidth(90);
        seconds.setMaxWidth(90);
        VBox left = new VBox(10, form, hint);
        left.setPrefWidth(340);
        left.setPadding(new Insets(0, 8, 0, 0));

        Button run = AreaControls.startButton("Plan the day", "scheduleRun", viewModel.canRunProperty(), viewModel::run);
        Button save = new Button("Save to study");
        save.setMinWidth(Button.USE_PREF_SIZE);
        save.setId("scheduleSave");
        save.disableProperty().bind(viewModel.canSaveProperty().not());
        save.setOnAction(e -> viewModel.saveToStudy());
        VBox strip = AreaControls.runStrip(run, "schedule", viewModel.runningProperty(), viewModel.progressProperty(),
                viewModel.statusProperty(), viewModel.statusIsErrorProperty(), viewModel::cancel);
        ((HBox) strip.getChildren().get(0)).getChildren().add(1, save);

        Label summary = new Label();
        summary.setId("scheduleSummary");
        summary.setWrapText(true);
        summary.setMinHeight(Label.USE_PREF_SIZE);
        summary.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
        summary.textProperty().bind(viewModel.summaryProperty());
        summary.managedProperty().bind(summary.textProperty().isNotEmpty());
        Label cost = text("scheduleCost", viewModel.costTextProperty().map(Function.identity()));
        Label saving = text("scheduleSaving", viewModel.savingTextProperty().map(Function.identity()));
        Label bandText = text("scheduleBandText", viewModel.bandTextProperty().map(Function.identity()));
        Label load = AreaControls.noteLabel("scheduleLoad", 0, viewModel.loadTextProperty());

        TableView<PeriodRow> table = new TableView<>(viewModel.periods());
        table.setId("schedulePeriods");
        table.getColumns().add(column("Hour", 60, r -> r.period()));
        table.getColumns().add(column("req/s", 60, r -> String.format(Locale.ROOT, "%.2f", r.ratePerS())));
        table.getColumns().add(column("GPUs in use", 200, PeriodRow::inUse));
        table.getColumns().add(column("on demand", 160, PeriodRow::onDemand));
        table.getColumns().add(column("spot", 140, PeriodRow::spot));
        table.getColumns().add(column("by the hour $", 100, r -> String.format(Locale.ROOT, "%.2f", r.flexibleCostUsd())));
        table.setPrefHeight(220);
        io.fleetwise.views.common.TableFit.install(table);
        table.setPlaceholder(new Label("Press Plan the day to see the GPUs for each hour."));
        ListView<String> prices = new ListView<>(viewModel.pricesUsed());
        prices.setId("schedulePrices");
        prices.setPrefHeight(110);
        chart.setPrefHeight(240);
        viewModel.periods().addListener((ListChangeListener<PeriodRow>) c -> chart.setChart(chart(viewModel.outcomeProperty().get())));
        VBox results = AreaControls.resultsColumn(strip, summary, cost, saving, bandText, load, chart, table,
                new Label("Prices the schedule was costed with:"), prices);
        VBox.setVgrow(table, Priority.ALWAYS);
        // a short window scrolls the results rather than squeezing the hours table and the price list to a line each;
        // a tall one gives the spare height to the table
        results.setMinHeight(Region.USE_PREF_SIZE);
        ScrollPane scroll = new ScrollPane(results);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        setLeft(AreaControls.formScroll(left, 350));
        setCenter(scroll);
    }

    private static Label text(String id, javafx.beans.value.ObservableValue<String> value) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setMinHeight(Label.USE_PREF_SIZE);
        label.managedProperty().bind(label.textProperty().isNotEmpty());
        label.textProperty().bind(value);
        return label;
    }

    private static TableColumn<PeriodRow, String> column(String title, double width, Function<PeriodRow, String> value) {
        TableColumn<PeriodRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    /** GPUs per hour, stacked by how they are bought. */
    private static JFreeChart chart(FleetScheduling.Outcome outcome) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        if (outcome != null && outcome.schedule().hasPlan()) {
            for (var p : outcome.schedule().periods()) {
                data.addValue(p.baselineGpusInUse().values().stream().mapToInt(Integer::intValue).sum(), "baseline in use",
                        p.period().label());
                data.addValue(p.onDemandGpus().values().stream().mapToInt(Integer::intValue).sum(), "on demand",
                        p.period().label());
                data.addValue(p.spotGpus().values().stream().mapToInt(Integer::intValue).sum(), "spot", p.period().label());
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("GPUs per hour by how they are bought", null, "GPUs", data,
                PlotOrientation.VERTICAL, true, true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        org.jfree.chart.renderer.category.StackedBarRenderer bars =
                (org.jfree.chart.renderer.category.StackedBarRenderer) plot.getRenderer();
        bars.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        bars.setShadowVisible(false);
        // upright hour labels may take the plot's whole height: UP_90's own limit (30 % of it) wraps "00:00" into an
        // ellipsis on a chart this short
        org.jfree.chart.axis.CategoryLabelPosition upright = new org.jfree.chart.axis.CategoryLabelPosition(
                org.jfree.chart.ui.RectangleAnchor.BOTTOM, org.jfree.chart.text.TextBlockAnchor.CENTER_LEFT,
                org.jfree.chart.ui.TextAnchor.CENTER_LEFT, -Math.PI / 2.0,
                org.jfree.chart.axis.CategoryLabelWidthType.RANGE, 1.0f);
        plot.getDomainAxis().setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.replaceBottomPosition(
                org.jfree.chart.axis.CategoryLabelPositions.UP_90, upright));
        // the axis's default 5 % margins plus the category gaps leave an empty hour's width at each end of a day
        plot.getDomainAxis().setLowerMargin(0.01);
        plot.getDomainAxis().setUpperMargin(0.01);
        plot.setNoDataMessage("Plan the day to see the schedule");
        Charts.styled(chart);
        return chart;
    }
}
