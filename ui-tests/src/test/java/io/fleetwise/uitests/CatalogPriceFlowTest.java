package io.fleetwise.uitests;

import io.fleetwise.planner.model.GpuType;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Drives the real application headless (Monocle): opens Catalog, filters to H100, edits a price
 * through the table cell, restarts the app on the same database and finds the price again, in the
 * window and in SQLite.
 */
class CatalogPriceFlowTest extends AppFlowTest {

    private void filter(String text) {
        robot.clickOn("#catalogFilter").write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private TableView<GpuType> gpuTable() {
        return (TableView<GpuType>) robot.lookup("#gpuTable").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    private TableCell<GpuType, String> priceCellOf(String gpu) {
        return (TableCell<GpuType, String>) robot.lookup("#gpuTable .table-cell").match(n -> n instanceof TableCell
                && ((TableCell<?, ?>) n).getTableColumn() != null
                && "priceColumn".equals(((TableCell<?, ?>) n).getTableColumn().getId())
                && ((TableCell<?, ?>) n).getTableRow() != null
                && ((TableCell<?, ?>) n).getTableRow().getItem() instanceof GpuType
                && gpu.equals(((GpuType) ((TableCell<?, ?>) n).getTableRow().getItem()).name())).query();
    }

    private void typeIntoPriceCell(String gpu, String text) {
        robot.doubleClickOn(priceCellOf(gpu));
        WaitForAsyncUtils.waitForFxEvents();
        robot.push(KeyCode.CONTROL, KeyCode.A).write(text).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String message() {
        return robot.lookup("#catalogMessage").queryAs(Label.class).getText();
    }

    @Test
    void anEditedH100PriceSurvivesARestartAndIsInSqlite() throws Exception {
        startApp(true);
        openArea("Reports");
        assertThat(robot.lookup("#notAvailable").tryQuery()).as("every area is built now").isEmpty();
        openArea("Catalog");
        filter("H100");
        assertThat(gpuTable().getItems()).extracting(GpuType::name).containsExactly("H100-SXM", "H100-PCIe");
        String catalogPrice = priceCellOf("H100-SXM").getText();

        typeIntoPriceCell("H100-SXM", "a lot");
        assertThat(message()).contains("not a number");
        assertThat(priceCellOf("H100-SXM").getText()).isEqualTo(catalogPrice);

        typeIntoPriceCell("H100-SXM", "2.95");
        assertThat(message()).contains("2.95");
        assertThat(priceCellOf("H100-SXM").getText()).isEqualTo("2.95");

        restartApp(true);
        openArea("Catalog");
        filter("H100");
        assertThat(priceCellOf("H100-SXM").getText()).isEqualTo("2.95");
        assertThat(storedOverride("H100-SXM")).isEqualTo(2.95);
    }

    @Test
    void anEditedPriceReachesTheClusterPaletteAndItsCostTile() throws Exception {
        startApp(true);
        openArea("Cluster");
        double costBefore = tile("#costTile");
        int h100Gpus = 8; // the demo study's cluster has one 8x H100-SXM node
        openArea("Catalog");
        filter("H100");
        double oldPrice = Double.parseDouble(priceCellOf("H100-SXM").getText());

        typeIntoPriceCell("H100-SXM", "2.95");
        openArea("Cluster");

        assertThat(tile("#costTile")).isCloseTo(costBefore + h100Gpus * (2.95 - oldPrice), within(1e-6));
        assertThat(robot.lookup("#gpuPalette .list-cell").queryAllAs(javafx.scene.control.ListCell.class))
                .filteredOn(c -> c.getText() != null && c.getText().startsWith("H100-SXM\n"))
                .extracting(javafx.scene.control.ListCell::getText).singleElement().asString().contains("$2.95/h");
    }

    @Test
    void theWindowSizeIsRememberedAcrossRestarts() throws Exception {
        fixedGeometry = false;
        startApp(true);
        FxToolkit.setupFixture(() -> {
            stage.setWidth(900);
            stage.setHeight(610);
        });

        restartApp(true);

        assertThat(stage.getWidth()).isEqualTo(900);
        assertThat(stage.getHeight()).isEqualTo(610);
    }

    private double storedOverride(String gpu) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT usd_per_hour FROM catalog_price_overrides WHERE gpu_name = '" + gpu + "'")) {
            assertThat(rs.next()).as("override row for " + gpu).isTrue();
            return rs.getDouble(1);
        }
    }
}
