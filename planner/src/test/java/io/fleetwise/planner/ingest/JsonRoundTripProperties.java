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
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

/** Study JSON and allocator JSON read back exactly what was written, for generated documents and problems. */
class JsonRoundTripProperties {
    private static final Catalog CATALOG = Catalog.builtIn();

    static Gen<StudyDocument> studies() {
        Gen<String> names = strings().betweenCodePoints(' ', '~').ofLengthBetween(1, 30).assuming(s -> !s.isBlank())
                .map(String::trim);
        Gen<String> model = arbitrary().pick(CATALOG.models()).map(m -> m.name());
        Gen<String> cluster = arbitrary().pick(CATALOG.gpus()).zip(integers().between(1, 8), (g, n) -> (8 * n) + "x" + g.name());
        Gen<double[]> rateAndCv = doubles().between(0.01, 500).zip(doubles().between(0.1, 20), (rate, cv) -> new double[] {rate, cv});
        Gen<WorkloadSpec> workload = arbitrary().pick(List.copyOf(LengthPresets.names())).zip(rateAndCv, doubles().between(0, 0.99),
                integers().between(1, InputLimits.MAX_REQUESTS), longs().all(),
                (preset, rc, amp, n, seed) -> new WorkloadSpec(WorkloadSpec.Source.GENERATOR, preset, rc[0], rc[1], amp, n, seed, ""));
        Gen<Slo> slo = doubles().between(1, 1e5).zip(doubles().between(1, 1e4), arbitrary().pick(Double.POSITIVE_INFINITY, 30_000.0),
                doubles().between(0.01, 1), Slo::new);
        Gen<List<Long>> ids = lists().of(longs().between(1, 1L << 40)).ofSizeBetween(0, 3);
        Gen<StudyDocument> named = names.zip(model, cluster, (name, m, c) -> StudyDocument.empty(name).withDescription("generated " + name)
                .withModelName(m).withCluster("generated", ClusterFiles.parseShorthand(c, CATALOG).groups()));
        return named.zip(workload, slo, ids, (doc, w, s, traceIds) -> {
            StudyDocument out = doc.withWorkload(w).withSlo(s);
            for (long id : traceIds) {
                out = out.withTraceId(id).withRunId(id + 1);
            }
            return out;
        });
    }

    @Test
    void studyJsonReadsBackExactly() {
        qt().withExamples(150).withFixedSeed(150_150L).forAll(studies())
                .checkAssert(doc -> assertThat(StudyJson.parse("generated", StudyJson.toJson(doc), CATALOG, null)).isEqualTo(doc));
    }

    static Gen<AllocationProblem> problems() {
        Gen<List<Double>> shares = lists().of(doubles().between(0.05, 1)).ofSizeBetween(1, 4);
        return shares.flatMap(raw -> {
            double sum = raw.stream().mapToDouble(Double::doubleValue).sum();
            List<WorkloadBucket> buckets = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                buckets.add(WorkloadBucket.ofRanges(1 + 256 * i, 256 * (i + 1), 1, 128 * (i + 1), raw.get(i) / sum));
            }
            Gen<AllocationCandidate> candidate = arbitrary().pick("A10G", "A100-80GB", "H100-SXM", "L4").zip(doubles().between(0.1, 20),
                    lists().of(doubles().between(0.1, 100)).ofSize(buckets.size()),
                    (gpu, price, rps) -> AllocationCandidate.singleGpu(gpu, price, rps, ThroughputSource.MEASURED_IMPORTED));
            Gen<List<AllocationCandidate>> distinct = lists().of(candidate).ofSizeBetween(1, 3).map(JsonRoundTripProperties::firstOfEachName);
            return doubles().between(0.5, 200).zip(distinct, integers().between(1, 4), doubles().between(0, 0.5), integers().between(0, 16),
                    (rate, candidates, slice, headroom, cap) -> AllocationProblem.minCost(buckets, rate, candidates, slice)
                            .withHeadroom(headroom).withCaps(Map.of(candidates.get(0).gpuType(), cap)));
        });
    }

    private static List<AllocationCandidate> firstOfEachName(List<AllocationCandidate> candidates) {
        Map<String, AllocationCandidate> byName = new LinkedHashMap<>();
        candidates.forEach(c -> byName.putIfAbsent(c.name(), c));
        return List.copyOf(byName.values());
    }

    @Test
    void allocatorProblemAndPlanReadBackExactly() {
        qt().withExamples(100).withFixedSeed(100_100L).forAll(problems()).checkAssert(problem -> {
            assertThat(AllocationJson.readProblem(AllocationJson.writeProblem(problem), "generated")).isEqualTo(problem);
            AllocationResult plan = new FleetAllocator().solve(problem);
            assertThat(AllocationJson.read(AllocationJson.write(plan), "generated")).isEqualTo(plan);
        });
    }
}
