package io.fleetwise.planner.validation;

import io.fleetwise.planner.validation.BenchmarkPoint.Metric;
import io.fleetwise.planner.validation.BenchmarkReplay.Outcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The high-load set (published benchmarks under load, {@code validation/high-load/points.json}) replayed with the
 * built-in engine profiles: every point inside its recorded band, the training part inside the accuracy targets,
 * and enough points behind every engine profile (docs/validation.md has the tables).
 */
class HighLoadValidationTest {
    private static List<Outcome> outcomes;

    @BeforeAll
    static void replay() {
        outcomes = HighLoadValidation.runAll();
    }

    @Test
    void everyPointStaysInsideItsBand() {
        Map<String, Bands.Band> bands = Bands.load();
        List<String> outside = new ArrayList<>();
        for (Outcome o : outcomes) {
            for (Metric m : o.point().measured().keySet()) {
                Bands.Band band = bands.get(Bands.key(o.point().id(), m));
                if (band == null) {
                    continue; // not replayable when the bands were written (e.g. the model does not fit)
                }
                double e = o.replayed() ? o.error(m) : Double.NaN;
                if (!band.contains(e)) {
                    outside.add(String.format(Locale.ROOT, "%s %s: %+.1f%% outside [%+.0f%%, %+.0f%%]", o.point().id(),
                            m, 100 * e, 100 * band.low(), 100 * band.high()));
                }
            }
        }
        assertThat(outside).as("points outside their bands (HighLoadValidation --write-bands rewrites them)").isEmpty();
    }

    @Test
    void trainingPointsMeetTheAccuracyTargets() {
        List<Outcome> train = outcomes.stream().filter(o -> o.point().isTraining()).toList();
        assertThat(HighLoadValidation.medianAbsError(train, Metric::isThroughput)).as("median |error| of throughput")
                .isLessThanOrEqualTo(0.10);
        assertThat(HighLoadValidation.medianAbsError(train, m -> m == Metric.meanTpotMs)).as("median |error| of mean TPOT")
                .isLessThanOrEqualTo(0.15);
    }

    @Test
    void everyEngineProfileIsCheckedByAtLeastThreePointsAndTheSetSpansGpusAndVersions() {
        Map<String, Long> perEngine = outcomes.stream().filter(Outcome::replayed)
                .collect(Collectors.groupingBy(o -> o.point().engine(), Collectors.counting()));
        assertThat(perEngine).containsOnlyKeys("vllm-0.6", "vllm-v1", "sglang");
        assertThat(perEngine.values()).allMatch(n -> n >= 3);
        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(15);
        assertThat(outcomes.stream().map(o -> o.point().gpu()).distinct().count()).isGreaterThanOrEqualTo(3);
        assertThat(outcomes.stream().map(o -> o.point().engineVersion()).distinct().count()).isGreaterThanOrEqualTo(2);
    }
}
