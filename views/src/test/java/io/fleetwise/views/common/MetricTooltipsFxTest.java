package io.fleetwise.views.common;

import io.fleetwise.planner.glossary.MetricGlossary;
import io.fleetwise.planner.calibration.CalibrationSet;
import eu.hansolo.tilesfx.Tile;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.views.fleet.FleetView;
import io.fleetwise.views.fleet.FleetViewModel;
import io.fleetwise.views.plans.PlansView;
import io.fleetwise.views.plans.PlansViewModel;
import io.fleetwise.views.simulate.SimulateView;
import io.fleetwise.views.simulate.SimulateViewModel;
import javafx.application.Platform;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.layout.HBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless (Monocle): every metric the Simulate tiles and the Fleet candidates table show has a glossary entry, and
 * the workbench's walk puts it on the tile or column header as a tooltip. A tile or column added without an entry
 * fails here.
 */
class MetricTooltipsFxTest {

    /** Fleet table columns that are choices or names, not metrics. */
    private static final Set<String> NOT_METRICS = Set.of("Use", "GPU");

    private final FxRobot robot = new FxRobot();
    private AreaStage area;

    @AfterEach
    void tearDown() throws TimeoutException {
        area.close();
    }

    @Test
    void everySimulateAndFleetTileAndFleetColumnIsExplained() throws TimeoutException {
        area = AreaStage.show(executor -> new HBox(
                new SimulateView(new SimulateViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor, Platform::runLater)),
                new FleetView(new FleetViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor, Platform::runLater, 100))));
        HBox root = robot.lookup(".root").queryAs(HBox.class);
        robot.interact(() -> ThemedNodes.explainMetrics(root));

        List<Tile> tiles = robot.lookup(n -> n instanceof Tile).queryAllAs(Tile.class).stream().toList();
        assertThat(tiles).as("5 Simulate + 5 Fleet tiles").hasSizeGreaterThanOrEqualTo(10);
        for (Tile tile : tiles) {
            String label = ThemedNodes.metricLabel(tile);
            assertThat(MetricGlossary.explain(label)).as("glossary entry for tile '%s'", label).isNotEmpty();
            assertThat(ThemedNodes.metricTooltip(tile)).as("tooltip on tile '%s'", label).isPresent();
        }

        assertColumnsExplained(robot.lookup("#fleetCandidates").queryAs(TableView.class), NOT_METRICS);
    }

    @Test
    void everyPlansColumnThatIsAMetricIsExplained() throws TimeoutException {
        area = AreaStage.show(executor -> new HBox(
                new PlansView(new PlansViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor, Platform::runLater))));
        HBox root = robot.lookup(".root").queryAs(HBox.class);
        robot.interact(() -> ThemedNodes.explainMetrics(root));
        assertColumnsExplained(robot.lookup("#plans-table").queryAs(TableView.class), Set.of("#", "plan", "why"));
    }

    private void assertColumnsExplained(TableView<?> table, Set<String> notMetrics) {
        List<? extends TableColumn<?, ?>> columns = table.getColumns();
        assertThat(columns).isNotEmpty();
        for (TableColumn<?, ?> column : columns) {
            if (notMetrics.contains(column.getText())) {
                continue;
            }
            assertThat(MetricGlossary.explain(column.getText())).as("glossary entry for column '%s'", column.getText())
                    .isNotEmpty();
            TableColumnHeader header = robot.lookup(n -> n instanceof TableColumnHeader h && h.getTableColumn() == column)
                    .queryAs(TableColumnHeader.class);
            assertThat(ThemedNodes.metricTooltip(header)).as("tooltip on header '%s'", column.getText()).isPresent();
        }
    }
}
