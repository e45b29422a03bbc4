package io.fleetwise.datastore.engine;

import io.fleetwise.datastore.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineFitRepositoryTest {
    @TempDir
    Path dir;
    private EngineFitRepository fits;

    @BeforeEach
    void open() {
        fits = new EngineFitRepository(Database.open(dir.resolve("f.db")),
                Clock.fixed(Instant.parse("2026-11-22T23:00:00Z"), ZoneOffset.UTC));
    }

    private static Map<String, Double> params(double iteration) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("hostIterationUs", iteration);
        m.put("hostPerSequenceUs", 80.0);
        return m;
    }

    @Test
    void aSavedFitReadsBackWithItsParametersInOrder() {
        StoredEngineFit saved = fits.save("vllm-0.6", "6 runs", "H100-SXM", "Llama-3.1-70B on H100-SXM TP8",
                params(3300), 6, 0.03, 0.035, "{\"runs\": []}");
        StoredEngineFit back = fits.resolve("vllm-0.6:v1");
        assertThat(back).isEqualTo(saved);
        assertThat(back.parameters().keySet()).containsExactly("hostIterationUs", "hostPerSequenceUs");
    }

    @Test
    void eachEngineNumbersItsVersionsAndTheNewestIsLatest() {
        fits.save("vllm-0.6", "a", "H100-SXM", "d", params(3300), 6, 0.03, Double.NaN, "{}");
        fits.save("vllm-v1", "b", "H100-SXM", "d", params(900), 2, 0.05, 0.08, "{}");
        StoredEngineFit second = fits.save("vllm-0.6", "c", "H100-SXM", "d", params(3100), 6, 0.02, 0.03, "{}");
        assertThat(second.version()).isEqualTo(2);
        assertThat(fits.resolve("vllm-0.6")).isEqualTo(second);
        assertThat(fits.find("vllm-0.6", 1).orElseThrow().medianLooError()).isNaN();
        assertThat(fits.all()).hasSize(3);
    }

    @Test
    void anUnknownReferenceNamesWhatIsStored() {
        fits.save("vllm-0.6", "a", "H100-SXM", "d", params(3300), 6, 0.03, 0.03, "{}");
        assertThatThrownBy(() -> fits.resolve("sglang:v4"))
                .hasMessage("No fitted engine profile 'sglang:v4'. Stored: vllm-0.6:v1.");
    }

    @Test
    void aParameterThatIsNotANumberStoresNothing() {
        assertThatThrownBy(() -> fits.save("vllm-0.6", "a", "H100-SXM", "d", params(Double.NaN), 6, 0.03, 0.03, "{}"))
                .hasMessageContaining("hostIterationUs is NaN");
        assertThat(fits.all()).isEmpty();
    }
}
