package io.fleetwise.views.whatif;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.views.report.StudyReportBuilder;
import io.fleetwise.views.report.StudyReportRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Llama-3.1-8B on H100 and L4, 4 buckets, small capacity searches: the table builds in a few seconds. */
class WhatIfEngineTest {

    static final StudyReportBuilder.Options SMALL = new StudyReportBuilder.Options(60, 1, "1,1024,16384", "1,256,4096", 4);
    static final StudyReportRequest STUDY = new StudyReportRequest("small", "", "Llama-3.1-8B",
            List.of("H100-SXM", "L4"), Optional.empty(), Map.of(), "chat", 4.0, Slo.of(2000, 100, 0.9), List.of());

    private static WhatIfEngine engine;
    private static WhatIfEngine.Headline base;

    @BeforeAll
    static void planBase() {
        engine = new WhatIfEngine(STUDY, Catalog.builtIn(), SMALL);
        base = engine.evaluate(WhatIfEngine.Variant.base(), ProgressListener.NONE);
        assertThat(base.hasPlan()).as(base.message()).isTrue();
    }

    @Test
    void moreTrafficNeverCostsLessAndReusesTheTable() {
        WhatIfEngine.Variant more = new WhatIfEngine.Variant("+50 %", 1.5, 1, Map.of());
        assertThat(engine.isCached(more)).isTrue();
        WhatIfEngine.Headline h = engine.evaluate(more, ProgressListener.NONE);
        assertThat(h.ratePerSecond()).isEqualTo(6.0);
        assertThat(h.costPerHourUsd()).isGreaterThanOrEqualTo(base.costPerHourUsd());
    }

    @Test
    void cheaperGpuNeverRaisesTheCost() {
        WhatIfEngine.Headline h = engine.evaluate(new WhatIfEngine.Variant("H100 -30 %", 1, 1,
                Map.of("H100-SXM", 0.7)), ProgressListener.NONE);
        assertThat(h.costPerHourUsd()).isLessThanOrEqualTo(base.costPerHourUsd() + 1e-9);
    }

    @Test
    void tighterTpotNeedsANewTable() {
        WhatIfEngine.Variant tight = new WhatIfEngine.Variant("tight", 1, 0.7, Map.of());
        assertThat(engine.isCached(tight)).isFalse();
        WhatIfEngine.Headline h = engine.evaluate(tight, ProgressListener.NONE);
        assertThat(h.tpotMs()).isEqualTo(70.0);
        assertThat(engine.isCached(tight)).isTrue();
    }

    @Test
    void standardVariantsAreTheIssuesExamples() {
        assertThat(engine.standardVariants()).extracting(WhatIfEngine.Variant::name)
                .containsExactly("Base", "+50 % traffic", "TPOT 30 % tighter", "H100-SXM price -30 %");
    }
}
