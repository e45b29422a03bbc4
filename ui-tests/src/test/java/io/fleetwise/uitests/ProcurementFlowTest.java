package io.fleetwise.uitests;

import io.fleetwise.planner.study.WorkloadSpec;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.input.KeyCode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18's procurement flow, as a buyer clicks it: adds an in-house GPU type in the Catalog area, imports a price
 * book with on-demand, reserved and spot offers, builds a study around the type with a diurnal day of an 8B model,
 * plans the day in the Fleet area (baseline plus peaks, against a peak-sized fleet, with the model's error band),
 * saves it and exports the report, whose title page states the schedule, its cost against the peak-sized fleet and
 * the band.
 */
class ProcurementFlowTest extends AppFlowTest {

    private void fill(String id, String text) {
        robot.clickOn(id);
        robot.push(KeyCode.CONTROL, KeyCode.A).push(KeyCode.BACK_SPACE).write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Node paletteCell(String gpu) {
        return robot.lookup("#gpuPalette .list-cell").match(n -> n instanceof ListCell
                && ((ListCell<?>) n).getText() != null && ((ListCell<?>) n).getText().startsWith(gpu + "\n")).query();
    }

    @Test
    void anInHouseGpuPricedFromAnImportedBookIsScheduledOverADayAndReported() throws Exception {
        Path book = dir.resolve("quotes.csv");
        Files.writeString(book, String.join("\n",
                "gpu,provider,kind,price_per_gpu_hour,as_of,quality,interruptions_per_hour,source",
                "Lab-X1,Internal cloud,on_demand,3.20,2026-11-01,list,,internal rate card",
                "Lab-X1,Internal cloud,reserved_1y,1.50,2026-11-01,list,,internal rate card",
                "Lab-X1,Internal cloud,spot,2.90,2026-11-01,list,0.05,internal rate card",
                "L40S,Acme,reserved_1y,0.95,2026-11-01,list,,Acme quote 17", ""));
        // the book imported on top of the shipped one: 3 Lab-X1 offers and an L40S quote
        startApp(true);
        robot.clickOn("#statusBar");
        robot.push(KeyCode.CONTROL, KeyCode.N);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(".dialog-pane .text-field");
        robot.push(KeyCode.CONTROL, KeyCode.A).write("Procurement study").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        openArea("Catalog");
        tab("userGpuTab");
        fill("#userGpuName", "Lab-X1");
        fill("#userGpuMemory", "103079215104");
        fill("#userGpuBandwidth", "4000");
        robot.clickOn("#userGpuSave");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(label("#userGpuMessage")).startsWith("Saved GPU type Lab-X1 (96.00 GiB as reported");

        tab("priceBookTab");
        fill("#priceImportPath", book.toString());
        robot.clickOn("#priceImportPathButton");
        waitUntil(30, () -> label("#priceMessage").contains("offers added"));
        assertThat(label("#priceMessage")).contains("4 offers added");

        openArea("Cluster");
        robot.drag(paletteCell("Lab-X1")).dropTo("#clusterCanvas");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tile("#gpuTile")).as("GPUs of the Lab-X1 node group").isPositive();

        openArea("Workload");
        robot.interact(() -> robot.lookup("#modelChoice").queryAs(ComboBox.class).getSelectionModel().select("Llama-3.1-8B"));
        robot.interact(() -> robot.lookup("#sourceChoice").queryAs(ComboBox.class).getSelectionModel()
                .select(WorkloadSpec.Source.GENERATOR));
        // a peak that needs several GPUs (6 req/s fitted on one Lab-X1 all day under vllm-v1)
        typeInto("#field-RATE_PER_S", "40");
        typeInto("#field-DIURNAL_AMPLITUDE_PCT", "60");
        typeInto("#field-TTFT_MS", "2000");
        typeInto("#field-TPOT_MS", "100");

        openArea("Fleet");
        tab("fleetScheduleTab");
        robot.interact(() -> robot.lookup("#scheduleSpot").queryAs(CheckBox.class).setSelected(true));
        fill("#scheduleSearchRequests", "120");
        fill("#scheduleTimeLimit", "10");
        robot.clickOn("#scheduleRun");
        waitUntil(400, () -> !label("#scheduleSummary").isEmpty() || label("#scheduleStatus").startsWith("No schedule")
                || label("#scheduleStatus").startsWith("Planning failed") || label("#scheduleStatus").startsWith("Cannot"));
        String summary = label("#scheduleSummary");
        // reserved at 1.50 beats spot's expected 2.90 + 0.05 x 3.20 for GPUs busy more than 12 h; the diurnal peak is spot
        assertThat(summary).as(label("#scheduleStatus")).contains("reserved 1-year Lab-X1").contains("spot Lab-X1 between");
        assertThat(label("#scheduleSaving")).contains("cheaper than a constant fleet sized for the peak");
        assertThat(label("#scheduleBandText")).startsWith("Within the model's error band");
        robot.clickOn("#scheduleSave");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(label("#scheduleStatus")).startsWith("Saved the schedule to the study");

        openArea("Reports");
        Path out = dir.resolve("reports");
        fill("#report-folder", out.toString());
        robot.clickOn("#report-export");
        waitUntil(200, () -> label("#report-status").startsWith("Wrote ") || label("#report-status").startsWith("Report failed"));
        assertThat(label("#report-status")).startsWith("Wrote ");
        Path pdf;
        try (var files = Files.list(out)) {
            pdf = files.filter(p -> p.toString().endsWith(".pdf")).findFirst().orElseThrow();
        }
        String title;
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDFTextStripper text = new PDFTextStripper();
            text.setStartPage(1);
            text.setEndPage(1);
            title = text.getText(doc).replaceAll("\\s+", " ");
        }
        assertThat(title).contains("Procurement study").contains("Schedule")
                .contains(summary.substring(0, Math.min(30, summary.length())))
                .contains("Against a peak-sized fleet").contains("saved")
                .contains("How sure").contains("Within the model's error band");
        Path kept = Path.of("target", "procurement-flow");
        Files.createDirectories(kept);
        Files.copy(pdf, kept.resolve(pdf.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @SuppressWarnings("unused")
    private static String text(Label l) {
        return l.getText();
    }
}
