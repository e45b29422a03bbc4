package io.fleetwise.views.workbench;

import eu.hansolo.tilesfx.Tile;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.views.cluster.ClusterView;
import io.fleetwise.views.cluster.ClusterViewModel;
import io.fleetwise.views.common.Charts;
import io.fleetwise.views.common.FxTaskExecutor;
import io.fleetwise.views.common.MetricTiles;
import io.fleetwise.views.common.ThemePalette;
import io.fleetwise.views.study.TestStudies;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless (Monocle): switching the theme re-colours what CSS does not reach in areas already built (a chart, a
 * tile, the cluster drawing), and an area built after the switch starts in the new colours.
 */
class WorkbenchThemeFxTest {

    private final FxRobot robot = new FxRobot();
    private FxTaskExecutor executor;
    private WorkbenchViewModel viewModel;
    private Stage stage;

    @BeforeEach
    void setUp() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> {
            executor = new FxTaskExecutor();
            AreaRegistry registry = new AreaRegistry()
                    .add("Charts", () -> new VBox(Charts.viewer("themedChart", chart("Latency", "TTFT (ms)")),
                            MetricTiles.number("themedTile", "TTFT p50", "ms", 0, new SimpleDoubleProperty(12), 1,
                                    v -> "", "no run")))
                    .add("Cluster", () -> {
                        ClusterViewModel cluster = new ClusterViewModel(TestStudies.open(StudyDocument.empty("s")), executor);
                        cluster.addGroup("H100-SXM");
                        return new ClusterView(cluster);
                    })
                    .add("Later", () -> new VBox(Charts.viewer("laterChart", chart("Later", "TPOT (ms)"))));
            viewModel = new WorkbenchViewModel(registry, "Demo study", "/tmp/f.db");
            stage = new Stage();
            stage.setScene(new Scene(new WorkbenchView(viewModel, executor, "test"), 1200, 760));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        FxToolkit.setupFixture(() -> {
            viewModel.themeProperty().set(Theme.LIGHT);
            stage.close();
            executor.shutdown();
        });
    }

    private static JFreeChart chart(String title, String xLabel) {
        return Charts.styled(ChartFactory.createXYLineChart(title, xLabel, "fraction of requests",
                new XYSeriesCollection(), PlotOrientation.VERTICAL, false, false, false));
    }

    private Paint canvasBackground() {
        Region canvas = robot.lookup("#clusterCanvas").queryAs(Region.class);
        robot.interact(canvas::applyCss);
        return canvas.getBackground().getFills().get(0).getFill();
    }

    @Test
    void switchingToDarkRecoloursChartsTilesAndTheClusterDrawingOfBuiltAreas() {
        robot.interact(() -> viewModel.open("Charts"));
        JFreeChart chart = robot.lookup("#themedChart").queryAs(ChartViewer.class).getChart();
        Tile tile = robot.lookup("#themedTile").queryAs(Tile.class);
        robot.interact(() -> viewModel.open("Cluster"));
        assertThat(chart.getBackgroundPaint()).isEqualTo(ThemePalette.awt(ThemePalette.LIGHT.background()));
        assertThat(canvasBackground()).isEqualTo(ThemePalette.LIGHT.background());

        robot.interact(viewModel::toggleTheme);

        assertThat(ThemePalette.current()).isEqualTo(ThemePalette.DARK);
        assertThat(chart.getBackgroundPaint()).isEqualTo(ThemePalette.awt(ThemePalette.DARK.background()));
        assertThat(chart.getXYPlot().getDomainAxis().getLabelPaint())
                .isEqualTo(ThemePalette.awt(ThemePalette.DARK.foreground()));
        assertThat(tile.getBackgroundColor()).isEqualTo(ThemePalette.DARK.surface());
        assertThat(tile.getValueColor()).isEqualTo(ThemePalette.DARK.foreground());
        assertThat(canvasBackground()).isEqualTo(ThemePalette.DARK.background());

        robot.interact(viewModel::toggleTheme);

        assertThat(chart.getBackgroundPaint()).isEqualTo(ThemePalette.awt(ThemePalette.LIGHT.background()));
        assertThat(canvasBackground()).isEqualTo(ThemePalette.LIGHT.background());
    }

    @Test
    void anAreaOpenedAfterTheSwitchStartsDark() {
        robot.interact(viewModel::toggleTheme);
        robot.interact(() -> viewModel.open("Later"));

        JFreeChart chart = robot.lookup("#laterChart").queryAs(ChartViewer.class).getChart();
        assertThat(chart.getBackgroundPaint()).isEqualTo(ThemePalette.awt(ThemePalette.DARK.background()));
    }

    @Test
    void aNotificationPopupTakesThePalettesColours() {
        javafx.scene.control.Label text = new javafx.scene.control.Label("Finished in 3.0 s");
        javafx.scene.layout.Pane pane = new javafx.scene.layout.Pane(text);
        pane.getStyleClass().add("pane");
        javafx.scene.layout.Region bar = new javafx.scene.layout.StackPane(pane);
        bar.getStyleClass().add("notification-bar");
        javafx.stage.Popup popup = new javafx.stage.Popup();
        popup.getContent().add(bar);
        robot.interact(() -> popup.show(stage));
        try {
            robot.interact(() -> WorkbenchView.recolourNotifications(ThemePalette.DARK));

            assertThat(pane.getStyle()).contains(ThemePalette.css(ThemePalette.DARK.raised()));
            assertThat(text.getStyle()).contains(ThemePalette.css(ThemePalette.DARK.foreground()));
        } finally {
            robot.interact(popup::hide);
        }
    }

    @Test
    void aBlackSeriesTurnsLightOnTheDarkPlotAndBackToTheLightForeground() {
        JFreeChart chart = chart("Cost", "rate (req/s)");
        org.jfree.chart.renderer.xy.XYLineAndShapeRenderer renderer = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer();
        renderer.setSeriesPaint(0, java.awt.Color.BLACK);
        chart.getXYPlot().setRenderer(renderer);

        Charts.applyPalette(chart, ThemePalette.DARK);
        assertThat(renderer.getSeriesPaint(0)).isEqualTo(ThemePalette.awt(ThemePalette.DARK.foreground()));

        Charts.applyPalette(chart, ThemePalette.LIGHT);
        assertThat(renderer.getSeriesPaint(0)).isEqualTo(ThemePalette.awt(ThemePalette.LIGHT.foreground()));
    }
}
