package io.fleetwise.executor.run;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IterationScheduleJsonTest {

    @Test
    void readsPrefillChunksDecodeContextsAndRepeats() {
        IterationSchedule s = IterationScheduleJson.parse(
                "{\"iterations\": [{\"prefill\": [{\"tokens\": 512}, {\"tokens\": 64, \"context\": 512}], \"decode\": [1000]},"
                        + " {\"decode\": [7, 8], \"repeat\": 3}]}", "s.json");
        assertThat(s.iterations()).hasSize(4);
        assertThat(s.iterations().get(0).prefills()).containsExactly(new PrefillChunk(512, 0), new PrefillChunk(64, 512));
        assertThat(s.iterations().get(0).decodeContexts()).containsExactly(1000);
        assertThat(s.iterations().get(3).decodeContexts()).containsExactly(7, 8);
    }

    @Test
    void writtenSchedulesReadBackEqual() {
        IterationSchedule s = new IterationSchedule(List.of(new Iteration(List.of(new PrefillChunk(3, 4)), List.of(5, 6)),
                new Iteration(List.of(), List.of(9))));
        assertThat(IterationScheduleJson.parse(IterationScheduleJson.write(s), "roundtrip")).isEqualTo(s);
    }

    @Test
    void badInputNamesTheFileThePathAndTheValue() {
        assertThatThrownBy(() -> IterationScheduleJson.parse("{\"iterations\": [{\"prefill\": [{\"tokens\": 0}]}]}", "a.json"))
                .hasMessage("a.json: iterations[0].prefill[0].tokens must be from 1 to 100000000, was 0");
        assertThatThrownBy(() -> IterationScheduleJson.parse("{\"iterations\": [{\"decode\": [1, \"x\"]}]}", "b.json"))
                .hasMessage("b.json: iterations[0].decode[1] must be an integer from 0 to 100000000, was '\"x\"'");
        assertThatThrownBy(() -> IterationScheduleJson.parse("{\"iterations\": [{}]}", "c.json"))
                .hasMessage("c.json: iterations[0]: needs at least one prefill chunk or decode sequence");
        assertThatThrownBy(() -> IterationScheduleJson.parse("{\"iterations\": [\n{\"decode\": [1,]}]}", "d.json"))
                .hasMessageStartingWith("d.json line 2 column").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> IterationScheduleJson.parse("{}", "e.json")).hasMessage("e.json: needs a non-empty array \"iterations\"");
    }

    @Test
    void aScheduleTooLongForMemoryIsRefusedBeforeItIsBuilt() {
        assertThatThrownBy(() -> IterationScheduleJson.parse(
                "{\"iterations\": [{\"decode\": [1], \"repeat\": 10}, {\"decode\": [2], \"repeat\": 999991}]}", "f.json"))
                .hasMessage("f.json: iterations[1].repeat 999991 makes the schedule longer than the 1000000 iterations "
                        + "allowed (10 before it)");
        assertThatThrownBy(() -> IterationScheduleJson.parse("{\"iterations\": [{\"prefill\": [{\"tokens\": 4294967297}]}]}",
                "g.json")).hasMessage("g.json: iterations[0].prefill[0].tokens must be an integer from 1 to 100000000, "
                        + "was '4294967297'");
        assertThatThrownBy(() -> IterationScheduleJson.parse("{\"iterations\": [{\"decode\": [100000001]}]}", "h.json"))
                .hasMessage("h.json: iterations[0].decode[0] must be from 0 to 100000000, was 100000001");
    }

    @Test
    void aDeviceOrDirectoryIsRefusedByNameBeforeAByteIsRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThatThrownBy(() -> IterationScheduleJson.read(java.nio.file.Path.of("/dev/zero")))
                .hasMessage("Iteration schedule /dev/zero: not a regular file (a device, pipe or socket); expected a file");
        assertThatThrownBy(() -> IterationScheduleJson.read(dir)).hasMessageContaining("is a directory");
    }
}
