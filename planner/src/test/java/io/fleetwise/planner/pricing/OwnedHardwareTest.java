package io.fleetwise.planner.pricing;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.perf.EnergyModel;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OwnedHardwareTest {

    private static final GpuType H100 = Catalog.builtIn().gpu("H100-SXM");

    @Test
    void costIsAmortizedPurchasePlusPowerTimesPuePlusHosting() {
        OwnedHardware node = new OwnedHardware("lab", "H100-SXM", 8, 300_000, 4, 1000, 0.10, 1.3, 2000, 1.0,
                LocalDate.of(2026, 1, 1), "quote");

        OwnedCost c = node.cost(H100, EnergyModel.standard());

        assertThat(c.capitalUsdPerGpuHour()).isCloseTo(300_000 / (4 * 8760.0) / 8, within(1e-12));
        // 8 x 700 W at TDP + 2000 W for the rest of the server, times PUE 1.3, at 0.10 USD/kWh, per GPU
        assertThat(c.powerUsdPerGpuHour()).isCloseTo((8 * 700 + 2000) / 1000.0 * 1.3 * 0.10 / 8, within(1e-12));
        assertThat(c.hostingUsdPerGpuHour()).isCloseTo(1000 / 730.0 / 8, within(1e-12));
        assertThat(c.totalUsdPerGpuHour()).isCloseTo(1.0702 + 0.1235 + 0.1712, within(1e-3));
    }

    @Test
    void lowerUtilizationDrawsLessPowerThroughTheEnergyModel() {
        OwnedHardware busy = new OwnedHardware("a", "H100-SXM", 8, 300_000, 4, 0, 0.10, 1.2, 0, 1.0, LocalDate.now(), "");
        OwnedHardware idle = new OwnedHardware("b", "H100-SXM", 8, 300_000, 4, 0, 0.10, 1.2, 0, 0.0, LocalDate.now(), "");

        double busyPower = busy.cost(H100, EnergyModel.standard()).powerUsdPerGpuHour();
        double idlePower = idle.cost(H100, EnergyModel.standard()).powerUsdPerGpuHour();

        assertThat(idlePower).isCloseTo(busyPower * EnergyModel.DEFAULT_IDLE_FRACTION, within(1e-12));
    }

    @Test
    void pueBelowOneIsRefusedWithTheField() {
        assertThatThrownBy(() -> new OwnedHardware("lab", "H100-SXM", 8, 300_000, 4, 1000, 0.1, 0.9, 0, 1.0,
                LocalDate.now(), "")).hasMessageContaining("Owned hardware 'lab': PUE must be a finite number >= 1");
    }

    @Test
    void costingAnotherGpuTypeIsRefused() {
        OwnedHardware node = new OwnedHardware("lab", "L40S", 8, 100_000, 4, 0, 0.1, 1.2, 0, 1, LocalDate.now(), "");

        assertThatThrownBy(() -> node.cost(H100, EnergyModel.standard())).hasMessageContaining("holds L40S, not H100-SXM");
    }
}
