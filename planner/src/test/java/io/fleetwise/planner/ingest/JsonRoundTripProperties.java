package io.fleetwise.planner.ingest;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.format.AllocationJson;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.cluster.ClusterFiles;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.StudyJson;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.workload.LengthPresets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Study JSON and allocator JSON read back exactly what was written, for generated documents and problems. */
class JsonRoundTripProperties {
    private static final Catalog CATALOG = Catalog.builtIn();

    @Provide
    Arbitrary<StudyDocument> studies() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(30)
                .filter(s -> !s.isBlank()).map(String::trim);
        Arbitrary<String> model = Arbitraries.of(CATALOG.models()).map(m -> m.name());
        Arbitrary<String> cluster = Arbitraries.of(CATALOG.gpus()).flatMap(g -> Arbitraries.integers().between(1, 8)
                .map(n -> (8 * n) + "x" + g.name()));
        Arbitrary<WorkloadSpec> workload = Combinators.combine(Arbitraries.of(LengthPresets.names()),
                Arbitraries.doubles().between(0.01, 500), Arbitraries.doubles().between(0.1, 20), Arbitraries.doubles().between(0, 0.99),
                Arbitraries.integers().between(1, InputLimits.MAX_REQUESTS), Arbitraries.longs())
                .as((preset, rate, cv, amp, n, seed) -> new WorkloadSpec(WorkloadSpec.Source.GENERATOR, preset, rate, cv, amp, n, seed, ""));
        Arbitrary<Slo> slo = Combinators.combine(Arbitraries.doubles().between(1, 1e5), Arbitraries.doubles().between(1, 1e4),
                Arbitraries.of(Double.POSITIVE_INFINITY, 30_000.0), Arbitraries.doubles().between(0.01, 1)).as(Slo::new);
        return Combinators.combine(names, model, cluster, workload, slo, Arbitraries.longs().between(1, 1L << 40).list().ofMaxSize(3))
                .as((name, m, c, w, s, ids) -> {
                    StudyDocument doc = StudyDocument.empty(name).withDescription("generated " + name).withModelName(m)
                            .withCluster("generated", ClusterFiles.parseShorthand(c, CATALOG).groups()).withWorkload(w).withSlo(s);
                    for (long id : ids) {
                        doc = doc.withTraceId(id).withRunId(id + 1);
                    }
                    return doc;
                });
    }

    @Property(tries = 150)
    void studyJsonReadsBackExactly(@ForAll("studies") StudyDocument doc) {
        assertThat(StudyJson.parse("generated", StudyJson.toJson(doc), CATALOG, null)).isEqualTo(doc);
    }

    @Provide
    Arbitrary<AllocationProblem> problems() {
        Arbitrary<List<Double>> shares = Arbitraries.doubles().between(0.05, 1).list().ofMinSize(1).ofMaxSize(4);
        return shares.flatMap(raw -> {
            double sum = raw.stream().mapToDouble(Double::doubleValue).sum();
            List<WorkloadBucket> buckets = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                buckets.add(WorkloadBucket.ofRanges(1 + 256 * i, 256 * (i + 1), 1, 128 * (i + 1), raw.get(i) / sum));
            }
            Arbitrary<AllocationCandidate> candidate = Combinators.combine(Arbitraries.of("A10G", "A100-80GB", "H100-SXM", "L4"),
                    Arbitraries.doubles().between(0.1, 20), Arbitraries.doubles().between(0.1, 100).list().ofSize(buckets.size()))
                    .as((gpu, price, rps) -> AllocationCandidate.singleGpu(gpu, price, rps, ThroughputSource.MEASURED_IMPORTED));
            return Combinators.combine(Arbitraries.doubles().between(0.5, 200),
                            candidate.list().ofMinSize(1).ofMaxSize(3).uniqueElements(AllocationCandidate::name),
                            Arbitraries.integers().between(1, 4), Arbitraries.doubles().between(0, 0.5),
                            Arbitraries.integers().between(0, 16))
                    .as((rate, candidates, slice, headroom, cap) -> AllocationProblem.minCost(buckets, rate, candidates, slice)
                            .withHeadroom(headroom).withCaps(Map.of(candidates.get(0).gpuType(), cap)));
        });
    }

    @Property(tries = 100)
    void allocatorProblemAndPlanReadBackExactly(@ForAll("problems") AllocationProblem problem) {
        assertThat(AllocationJson.readProblem(AllocationJson.writeProblem(problem), "generated")).isEqualTo(problem);
        AllocationResult plan = new FleetAllocator().solve(problem);
        assertThat(AllocationJson.read(AllocationJson.write(plan), "generated")).isEqualTo(plan);
    }
}
