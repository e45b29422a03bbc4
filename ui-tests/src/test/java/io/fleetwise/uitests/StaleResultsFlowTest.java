package io.fleetwise.uitests;

import io.fleetwise.planner.search.RankedPlan;
import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.views.fleet.FleetViewModel;
import io.fleetwise.views.plans.PlansViewModel;
import io.fleetwise.views.simulate.SimulateViewModel;
import io.fleetwise.views.whatif.WhatIfViewModel;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results know their inputs: the planner solves the demo study's fleet and saves it, saves a plan search, runs a
 * simulation and a what-if; then changes the workload's rate. Fleet, Plans, Simulate and What-if each say their
 * result is stale (and the figures stay, marked); recomputing each clears the mark; after a restart every area shows
 * its saved result again, fresh, instead of "Not solved yet" / "No plans yet".
 */
class StaleResultsFlowTest extends AppFlowTest {

    /** Area title -> the id of its stale banner and the text the banner shows. */
    private static final Map<String, List<String>> BANNERS = Map.of(
            "Fleet", List.of("#fleetStale", FleetViewModel.STALE_NOTE),
            "Plans", List.of("#plans-stale", PlansViewModel.STALE_NOTE),
            "Simulate", List.of("#simStale", SimulateViewModel.STALE_NOTE),
            "What-if", List.of("#whatIfStale", WhatIfViewModel.STALE_NOTE));

    private static final List<String> AREAS = List.of("Fleet", "Plans", "Simulate", "What-if");
    private static final List<String> RECOMPUTED_BY_HAND = List.of("Fleet", "Plans", "Simulate");

    /** Types into a field without Enter (Enter would press the area's default button). */
    private void fill(String id, String text) {
        robot.clickOn(id);
        robot.push(KeyCode.CONTROL, KeyCode.A).push(KeyCode.BACK_SPACE).write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The stale banner's text when it shows, "" when it is hidden. */
    private String banner(String area) {
        Label label = robot.lookup(BANNERS.get(area).get(0)).queryAs(Label.class);
        return label.isVisible() ? label.getText() : "";
    }

    @SuppressWarnings("unchecked")
    private List<RankedPlan> plans() {
        return robot.lookup("#plans-table").queryAs(TableView.class).getItems();
    }

    @SuppressWarnings("unchecked")
    private List<WhatIfRow> whatIfRows() {
        return robot.lookup("#whatIfTable").queryAs(TableView.class).getItems();
    }

    private void solveFleet() throws Exception {
        openArea("Fleet");
        robot.clickOn("#fleetSolve");
        waitUntil(150, () -> label("#fleetStatus").startsWith("Mix:"));
        robot.clickOn("#fleetSave");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(label("#fleetStatus")).startsWith("Saved as plan #");
    }

    private void searchPlans() throws Exception {
        openArea("Plans");
        fill("#plans-budget", "3");
        robot.clickOn("#plans-search");
        waitUntil(90, () -> robot.lookup("#plans-save").queryButton() != null
                && !robot.lookup("#plans-save").queryButton().isDisabled() && !plans().isEmpty());
        robot.clickOn("#plans-save");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(label("#plans-message")).startsWith("Saved ");
    }

    private void simulate() throws Exception {
        openArea("Simulate");
        robot.clickOn("#simRun");
        waitUntil(90, () -> label("#simStatus").startsWith("Simulated"));
    }

    private void runWhatIf() throws Exception {
        openArea("What-if");
        robot.clickOn("#runWhatIfButton");
        waitUntil(150, () -> label("#whatIfStatus").startsWith("Throughput table built")
                || label("#whatIfStatus").startsWith("Re-planned"));
        assertThat(whatIfRows()).hasSizeGreaterThan(1);
    }

    @Test
    void aWorkloadChangeMarksEveryResultStaleRecomputeClearsItAndARestartShowsTheSavedResults() throws Exception {
        startApp(true);
        openArea("What-if");
        // the coarser capacity search the area offers, and no TPOT variant (it would need a second table)
        typeInto("#requestsPerSearchField", "150");
        robot.clickOn((Node) robot.lookup("#variantList .list-cell").match(n -> n instanceof ListCell<?> c
                && c.getText() != null && c.getText().startsWith("TPOT")).query());
        robot.clickOn("#removeVariantButton");
        WaitForAsyncUtils.waitForFxEvents();

        solveFleet();
        searchPlans();
        simulate();
        runWhatIf();
        for (String area : AREAS) {
            openArea(area);
            assertThat(banner(area)).as(area + " right after computing").isEmpty();
        }

        openArea("Workload");
        typeInto("#field-RATE_PER_S", "10");
        for (String area : RECOMPUTED_BY_HAND) {
            openArea(area);
            waitUntil(10, () -> !banner(area).isEmpty());
            assertThat(banner(area)).as(area + " after the rate changed").isEqualTo(BANNERS.get(area).get(1));
        }
        openArea("Fleet");
        assertThat(tile("#tileFleetCost")).as("the stale figures stay, marked").isPositive();
        openArea("Plans");
        assertThat(plans()).isNotEmpty();
        // What-if, once run, re-plans by itself when the study changes; its rows are marked stale until it has
        openArea("What-if");
        waitUntil(150, () -> baseRate() == 10 && banner("What-if").isEmpty());

        solveFleet();
        double fleetCost = tile("#tileFleetCost");
        searchPlans();
        simulate();
        for (String area : AREAS) {
            openArea(area);
            assertThat(banner(area)).as(area + " after recomputing").isEmpty();
        }
        openArea("Plans");
        String topPlan = plans().get(0).label();

        restartApp(false);

        openArea("Fleet");
        waitUntil(30, () -> label("#fleetStatus").startsWith("Saved plan #"));
        assertThat(tile("#tileFleetCost")).isEqualTo(fleetCost);
        assertThat(label("#fleetSource")).contains("saved plan");
        openArea("Plans");
        waitUntil(10, () -> !plans().isEmpty());
        assertThat(plans().get(0).label()).isEqualTo(topPlan);
        assertThat(label("#plans-message")).startsWith("Saved plans of the study");
        openArea("Simulate");
        assertThat(label("#simStatus")).startsWith("Saved run:");
        openArea("What-if");
        assertThat(baseRate()).isEqualTo(10);
        for (String area : AREAS) {
            openArea(area);
            assertThat(banner(area)).as(area + " after the restart").isEmpty();
        }

        // after the restart the what-if has not run in this session: a change leaves its saved rows marked stale
        openArea("Workload");
        typeInto("#field-RATE_PER_S", "12");
        for (String area : AREAS) {
            openArea(area);
            waitUntil(10, () -> !banner(area).isEmpty());
            assertThat(banner(area)).as(area + " after the restart and a change").isEqualTo(BANNERS.get(area).get(1));
        }
    }

    /** The request rate of the What-if's base row. */
    private double baseRate() {
        return whatIfRows().isEmpty() ? Double.NaN : whatIfRows().get(0).ratePerS();
    }
}
