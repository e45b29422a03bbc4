package io.fleetwise.planner.sim;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.LengthPresets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencySearchTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec LLAMA8B = CATALOG.model("Llama-3.1-8B");
    private static final ReplicaConfig H100 = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1);
    private static final ConcurrencySearch.Options OPTIONS = new ConcurrencySearch.Options(300, 42L, 30);

    private static ConcurrencySearch.Result search(Slo slo) {
        return ConcurrencySearch.maxConcurrency(LLAMA8B, H100, LengthPresets.preset("chat"), slo, OPTIONS,
                CalibrationSet.builtIn(), ProgressListener.NONE);
    }

    @Test
    void theFoundConcurrencyIsTheLargestThatMeetsTheSlo() {
        Slo slo = Slo.of(2000, 40, 0.9);
        ConcurrencySearch.Result r = search(slo);
        assertThat(r.maxConcurrency()).isBetween(2, ConcurrencySearch.MAX_CONCURRENCY - 1);
        assertThat(r.measuredAttainment()).isGreaterThanOrEqualTo(0.9);
        // one more in flight misses the SLO, judged the way the search judges
        assertThat(ConcurrencySearch.sustains(LLAMA8B, H100, LengthPresets.preset("chat"), slo, OPTIONS,
                CalibrationSet.builtIn(), r.maxConcurrency() + 1)).isFalse();
        assertThat(ConcurrencySearch.sustains(LLAMA8B, H100, LengthPresets.preset("chat"), slo, OPTIONS,
                CalibrationSet.builtIn(), r.maxConcurrency())).isTrue();
    }

    @Test
    void aStricterTpotTargetAllowsFewerInFlightAndLessThroughput() {
        ConcurrencySearch.Result loose = search(Slo.of(5000, 60, 0.9));
        ConcurrencySearch.Result strict = search(Slo.of(5000, 25, 0.9));
        assertThat(strict.maxConcurrency()).isLessThan(loose.maxConcurrency());
        assertThat(strict.throughputPerS()).isLessThan(loose.throughputPerS());
    }

    @Test
    void throughputFollowsLittlesLawAtTheFoundConcurrency() {
        ConcurrencySearch.Result r = search(Slo.of(3000, 50, 0.9));
        double meanE2eS = r.atMaxConcurrency().e2e().meanMs() / 1e3;
        assertThat(r.throughputPerS() * meanE2eS).isBetween(0.85 * r.maxConcurrency(), 1.15 * r.maxConcurrency());
    }

    @Test
    void anUnreachableTargetGivesZero() {
        ConcurrencySearch.Result r = search(Slo.of(1, 1, 0.99));
        assertThat(r.maxConcurrency()).isZero();
        assertThat(r.throughputPerS()).isZero();
    }
}
