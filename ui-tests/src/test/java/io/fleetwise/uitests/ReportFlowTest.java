package io.fleetwise.uitests;

import io.fleetwise.planner.search.RankedPlan;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo study handed on as a report: the planner solves the fleet and saves it, searches parallel plans on the
 * study's cluster with a short time budget and saves them, then in Reports types a folder, exports and reads the
 * status line; the PDF written holds the study, the saved fleet's cost, the chosen plan and every section.
 */
class ReportFlowTest extends AppFlowTest {

    /** Types into a field without Enter (Enter would press the area's default button). */
    private void fill(String id, String text) {
        robot.clickOn(id);
        robot.push(KeyCode.CONTROL, KeyCode.A).push(KeyCode.BACK_SPACE).write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theDemoStudysSavedResultsAreExportedAsAPdf() throws Exception {
        startApp(true);

        openArea("Fleet");
        robot.clickOn("#fleetSolve");
        waitUntil(150, () -> label("#fleetStatus").startsWith("Mix:"));
        double fleetCost = tile("#tileFleetCost");
        robot.clickOn("#fleetSave");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(label("#fleetStatus")).startsWith("Saved as plan #");
        String planId = label("#fleetStatus").replaceAll("^Saved as plan #(\\d+).*", "$1");

        openArea("Plans");
        fill("#plans-budget", "3");
        robot.clickOn("#plans-search");
        waitUntil(90, () -> robot.lookup("#plans-save").queryButton() != null
                && !robot.lookup("#plans-save").queryButton().isDisabled());
        @SuppressWarnings("unchecked")
        TableView<RankedPlan> plans = robot.lookup("#plans-table").queryAs(TableView.class);
        if (plans.getItems().size() > 1) {
            robot.interact(() -> plans.getSelectionModel().select(1));
        }
        RankedPlan chosen = plans.getSelectionModel().getSelectedItem();
        robot.clickOn("#plans-save");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(label("#plans-message")).startsWith("Saved ").contains("chosen: plan #" + chosen.rank());

        openArea("Reports");
        Path out = dir.resolve("reports");
        fill("#report-folder", out.toString());
        robot.clickOn("#report-export");
        waitUntil(60, () -> label("#report-status").startsWith("Wrote ") || label("#report-status").startsWith("Report failed"));
        assertThat(label("#report-status")).startsWith("Wrote ").endsWith(" to " + out);

        Path pdf = out.resolve("report-demo-study.pdf");
        assertThat(pdf).isRegularFile();
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
        assertThat(text).contains("Demo study", String.format(Locale.ROOT, "%.2f $/h", fleetCost),
                "Saved allocation 'plan #" + planId + "'", "Chosen plan: #" + chosen.rank() + " " + chosen.label(),
                "Parallel plan and simulation", "Timeline snapshot", "Assumptions and catalog sources",
                "No simulation saved", "Left out, because the study has no saved results for them yet:",
                "what-if variants and sweep; predicted vs measured");
        // kept under target/ so the PDF can be rendered with pdftoppm and looked at (docs/reports.md)
        Path kept = Path.of("target", "report-flow");
        Files.createDirectories(kept);
        Files.copy(pdf, kept.resolve(pdf.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.list(out.resolve("report-demo-study-csv")).map(p -> p.getFileName().toString()))
                .contains("plan.csv", "plans.csv", "allocation.csv");
    }
}
