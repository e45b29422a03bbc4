package io.fleetwise.planner.alloc.melange;

import io.fleetwise.planner.alloc.AllocatorFormatException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MelangeConfigReaderTest {

    @Test
    void readsGpusInFileOrderWithCostsAndThroughputs() {
        MelangeConfig config = MelangeConfigReader.parse(MelangeExampleTest.exampleJson(), "example.json");
        assertThat(config.gpuInfo().keySet()).containsExactly("A10G", "A100-80GB");
        assertThat(config.gpuInfo().get("A100-80GB").cost()).isEqualTo(3.67);
        assertThat(config.gpuInfo().get("A10G").tputs()).isEqualTo(List.of(List.of(2.0, 1.0), List.of(5.0, 2.0)));
        assertThat(config.totalRequestRate()).isEqualTo(30.0);
        assertThat(config.sliceFactor()).isEqualTo(1);
    }

    @Test
    void missingSliceFactorDefaultsToOneAsInMelange() {
        String json = "{\"gpu_info\": {\"A\": {\"cost\": 1, \"tputs\": [[1]]}}, \"workload_distribution\": [[1.0]],"
                + " \"total_request_rate\": 2}";
        assertThat(MelangeConfigReader.parse(json, "x.json").sliceFactor()).isEqualTo(1);
    }

    @Test
    void missingOrNullThroughputCellsBecomeZeroMeaningCannotServe() {
        String json = "{\"gpu_info\": {\"A\": {\"cost\": 1, \"tputs\": [[1, null]]}}, \"workload_distribution\": "
                + "[[0.5, 0.5], [0, 0]], \"total_request_rate\": 2}";
        MelangeConfig config = MelangeConfigReader.parse(json, "x.json");
        assertThat(config.gpuInfo().get("A").tputs()).isEqualTo(List.of(List.of(1.0, 0.0), List.of(0.0, 0.0)));
    }

    @Test
    void unknownTopLevelFieldIsRejectedByName() {
        String json = "{\"gpu_info\": {\"A\": {\"cost\": 1, \"tputs\": [[1]]}}, \"workload_distribution\": [[1.0]],"
                + " \"slice_factr\": 2}";
        assertThatThrownBy(() -> MelangeConfigReader.parse(json, "cfg.json"))
                .isInstanceOf(AllocatorFormatException.class)
                .hasMessageContaining("cfg.json").hasMessageContaining("slice_factr");
    }

    @Test
    void negativeShareNamesTheCell() {
        String json = "{\"gpu_info\": {\"A\": {\"cost\": 1, \"tputs\": [[1, 1]]}}, \"workload_distribution\": [[1.0, -0.1]]}";
        assertThatThrownBy(() -> MelangeConfigReader.parse(json, "cfg.json"))
                .hasMessageContaining("workload_distribution[0][1]").hasMessageContaining("-0.1");
    }

    @Test
    void tputsLargerThanTheHistogramAreRejected() {
        String json = "{\"gpu_info\": {\"A\": {\"cost\": 1, \"tputs\": [[1, 1, 1]]}}, \"workload_distribution\": [[1.0, 0]]}";
        assertThatThrownBy(() -> MelangeConfigReader.parse(json, "cfg.json"))
                .hasMessageContaining("gpu_info.A.tputs row 0 has 3 cells");
    }

    @Test
    void brokenJsonReportsLineAndColumn() {
        assertThatThrownBy(() -> MelangeConfigReader.parse("{\n \"gpu_info\": {,\n}", "bad.json"))
                .hasMessageContaining("bad.json").hasMessageContaining("line 2");
    }

    @Test
    void textualCostIsRejectedWithItsField() {
        String json = "{\"gpu_info\": {\"A\": {\"cost\": \"cheap\", \"tputs\": [[1]]}}, \"workload_distribution\": [[1.0]]}";
        assertThatThrownBy(() -> MelangeConfigReader.parse(json, "cfg.json")).hasMessageContaining("gpu_info.A.cost");
    }
}
