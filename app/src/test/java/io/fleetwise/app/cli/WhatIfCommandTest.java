package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetwise.planner.study.WhatIfSweep;
import io.fleetwise.planner.study.WhatIfVariant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The What-if area's command-line twin on the demo study, with small capacity searches to stay quick. */
class WhatIfCommandTest {

    @TempDir
    Path dir;

    @Test
    void variantsComeBackWithTheirCostChangeAgainstTheBaseAndAreSavedInTheStudy() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CliRun.runWithDb(out, err, dir, "whatif", "--study", "Demo study", "--requests", "100",
                "--variant", "traffic=2", "--variant", "traffic=0.5", "--json", "--save");
        assertThat(code).as(err.toString()).isZero();
        JsonNode rows = JsonOutput.mapper().readTree(out.toString());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("variant").asText()).isEqualTo("Base");
        double base = rows.get(0).get("costPerHourUsd").asDouble();
        double doubled = rows.get(1).get("costPerHourUsd").asDouble();
        double halved = rows.get(2).get("costPerHourUsd").asDouble();
        assertThat(doubled).as(out.toString()).isGreaterThan(base);
        assertThat(halved).isLessThan(base);
        assertThat(rows.get(1).get("deltaCostPercent").asDouble()).isCloseTo(100 * (doubled / base - 1), within(1e-6));

        StringWriter exported = new StringWriter();
        Path file = dir.resolve("study.json");
        assertThat(CliRun.runWithDb(exported, new StringWriter(), dir, "study", "export", "Demo study", file.toString()))
                .isZero();
        JsonNode saved = JsonOutput.mapper().readTree(file.toFile()).path("results").path("whatIf");
        assertThat(saved).hasSize(3);
        assertThat(saved.get(1).get("variant").asText()).isEqualTo("traffic=2");
    }

    @Test
    void aRateSweepPrintsOnePointPerValueWithCostRisingWithTraffic() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CliRun.runWithDb(out, err, dir, "whatif", "--study", "Demo study", "--requests", "100",
                "--sweep", "rate:0.5:2:3");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("0.500", "1.250", "2.000");
    }

    @Test
    void theBandOfTheBaseVariantBracketsItsCost() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CliRun.runWithDb(out, err, dir, "whatif", "--study", "Demo study", "--requests", "100",
                "--variant", "traffic=2", "--band", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode answer = JsonOutput.mapper().readTree(out.toString());
        assertThat(answer.get("rows")).hasSize(2);
        double base = answer.get("rows").get(0).get("costPerHourUsd").asDouble();
        JsonNode band = answer.get("band");
        assertThat(band.get("describe").asText()).startsWith("Within the model's error band (TTFT +-");
        assertThat(band.get("costHighUsdPerHour").asDouble()).isGreaterThanOrEqualTo(base);
        assertThat(band.get("costLowUsdPerHour").asDouble()).isLessThanOrEqualTo(base);
    }

    @Test
    void badSpecsAreNamed() {
        assertThatThrownBy(() -> WhatIfCommand.parseVariant("traffic=lots"))
                .hasMessageContaining("traffic").hasMessageContaining("lots");
        assertThatThrownBy(() -> WhatIfCommand.parseVariant("speed=2")).hasMessageContaining("unknown key 'speed'");
        assertThatThrownBy(() -> WhatIfCommand.parseSweep("price:0.5:1:4")).hasMessageContaining("price:GPU:FROM:TO:POINTS");
        WhatIfVariant v = WhatIfCommand.parseVariant("traffic=1.5,tpot=40,price=H100-SXM:0.7");
        assertThat(v.rateFactor()).isEqualTo(1.5);
        assertThat(v.tpotMs()).isEqualTo(40);
        assertThat(v.priceFactors()).containsEntry("H100-SXM", 0.7);
        assertThat(WhatIfCommand.parseSweep("price:L4:0.5:1:4").parameter()).isEqualTo(WhatIfSweep.Parameter.GPU_PRICE_FACTOR);
    }

    @Test
    void anUnknownStudyIsNamed() {
        StringWriter err = new StringWriter();
        int code = CliRun.runWithDb(new StringWriter(), err, dir, "whatif", "--study", "Nope");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("Nope");
    }
}
