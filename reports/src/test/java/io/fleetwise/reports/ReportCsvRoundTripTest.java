package io.fleetwise.reports;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.Baselines;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.RateSweep;
import io.fleetwise.planner.alloc.RateSweepPoint;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.study.PlansResultJson;
import io.fleetwise.planner.study.SimulationResultJson;
import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfSweep;
import io.fleetwise.planner.study.WhatIfSweepPoint;
import io.fleetwise.planner.study.WhatIfSweepResult;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * The CSV files a report writes ({@code fleetwise report --csv}, File > Export in the Reports area) read back with
 * Commons CSV into exactly the report's table values, for generated study results: solved allocations with their
 * baselines and rate sweeps, ranked plans, a simulation, what-if rows and a sweep, with names and messages that
 * hold commas, quotes, line breaks and non-ASCII text. The numbers read back as numbers of the results they print.
 */
class ReportCsvRoundTripTest {
    private static final Catalog CATALOG = Catalog.builtIn();

    @TempDir
    Path dir;

    /** A study's results as the report sees them, from generated names, shares, throughputs and saved rows. */
    record Study(List<String> names, List<Double> shares, double rate, long seed, List<String> texts) {
    }

    static Gen<String> text() {
        Gen<String> tricky = arbitrary().pick("A10G", "H100-SXM TP4", "GPU, with comma", "say \"hi\"", "two\nlines",
                "carriage\r\nreturn", " leading space", "trailing space ", "Ünïcödé 显卡", "=1+1", "#not a comment", "");
        // no lone surrogates: they are not text and cannot be written as UTF-8
        Gen<String> any = strings().betweenCodePoints(0x20, 0xD7FF).ofLengthBetween(0, 16);
        return tricky.mix(any, 50);
    }

    static Gen<Study> studies() {
        Gen<List<String>> names = lists().of(text().assuming(s -> !s.isBlank())).ofSizeBetween(1, 3);
        Gen<List<Double>> shares = lists().of(doubles().between(0.05, 1)).ofSizeBetween(1, 4);
        return names.zip(shares, doubles().between(0.5, 300), longs().all(), lists().of(text()).ofSize(8), Study::new);
    }

    @Test
    void reportCsvFilesReadBackIntoTheSameTableValues() {
        qt().withExamples(60).withFixedSeed(16_016L).withShrinkCycles(30).forAll(studies()).checkAssert(study -> {
            try {
                roundTrip(input(study));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private void roundTrip(ReportInput input) throws IOException {
        Path out = Files.createTempDirectory(dir, "csv");
        List<ReportTable> tables = ReportTables.resultTables(input);
        List<Path> files = ReportExporter.csv(input, out);
        assertThat(files).hasSize(tables.size());
        assertThat(files.stream().map(Path::getFileName).distinct()).as("one file per table").hasSize(tables.size());
        for (int i = 0; i < tables.size(); i++) {
            ReportTable table = tables.get(i);
            List<List<String>> read = read(files.get(i));
            assertThat(read.get(0)).as(table.fileStem() + " header").isEqualTo(table.headers());
            assertThat(read.subList(1, read.size())).as(table.fileStem() + " rows").isEqualTo(table.rows());
        }
        numbersReadBackAsTheResults(input, out);
    }

    /** The allocation, baselines and throughput cells parse back to the results they print, to their printed digits. */
    private static void numbersReadBackAsTheResults(ReportInput input, Path out) throws IOException {
        AllocationResult mix = input.comparison().mix();
        List<List<String>> allocation = read(out.resolve("allocation.csv"));
        int row = 1;
        for (int c = 0; c < mix.candidates().size(); c++) {
            int n = mix.replicaCounts().get(c);
            if (n == 0) {
                continue;
            }
            List<String> cells = allocation.get(row++);
            assertThat(cells.get(0)).isEqualTo(mix.candidates().get(c).name());
            assertThat(Integer.parseInt(cells.get(3))).isEqualTo(n);
            assertThat(Double.parseDouble(cells.get(5))).isCloseTo(n * mix.candidates().get(c).costPerHourUsd(), within(0.005));
        }
        assertThat(allocation).hasSize(row);
        List<List<String>> baselines = read(out.resolve("baselines.csv"));
        assertThat(Double.parseDouble(baselines.get(1).get(3))).isCloseTo(mix.costPerHourUsd(), within(0.005));
        List<List<String>> throughput = read(out.resolve("throughput.csv"));
        AllocationProblem problem = input.problem();
        for (int b = 0; b < problem.buckets().size(); b++) {
            for (int c = 0; c < problem.candidates().size(); c++) {
                assertThat(Double.parseDouble(throughput.get(b + 1).get(2 + c)))
                        .isCloseTo(problem.candidates().get(c).throughputRps().get(b), within(0.0005));
            }
        }
    }

    /** What a user's script does: every record of the file, the header first, with Commons CSV's default format. */
    static List<List<String>> read(Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, CSVFormat.DEFAULT)) {
            for (CSVRecord record : parser) {
                rows.add(record.toList());
            }
        }
        return rows;
    }

    private static ReportInput input(Study s) {
        Random random = new Random(s.seed());
        List<String> names = List.copyOf(new LinkedHashSet<>(s.names()));
        double shareSum = s.shares().stream().mapToDouble(Double::doubleValue).sum();
        List<WorkloadBucket> buckets = new ArrayList<>();
        for (int i = 0; i < s.shares().size(); i++) {
            buckets.add(WorkloadBucket.ofRanges(1 + 256 * i, 256 * (i + 1), 1, 128 * (i + 1), s.shares().get(i) / shareSum));
        }
        List<AllocationCandidate> candidates = new ArrayList<>();
        for (String name : names) {
            List<Double> rps = new ArrayList<>();
            for (int b = 0; b < buckets.size(); b++) {
                // now and then a candidate cannot serve a bucket (0), and the first can serve them all
                rps.add(candidates.isEmpty() || random.nextInt(5) > 0 ? 0.1 + 60 * random.nextDouble() : 0.0);
            }
            candidates.add(AllocationCandidate.singleGpu(name, 0.2 + 10 * random.nextDouble(), rps,
                    ThroughputSource.values()[random.nextInt(ThroughputSource.values().length)]));
        }
        AllocationProblem problem = AllocationProblem.minCost(buckets, s.rate(), candidates, 1 + random.nextInt(3));
        FleetAllocator allocator = new FleetAllocator();
        BaselineComparison comparison = new Baselines(allocator).compare(problem);
        List<RateSweepPoint> sweep = random.nextBoolean() ? List.of()
                : new RateSweep(allocator).run(problem, RateSweep.evenlySpaced(s.rate() / 4, s.rate() * 2, 2 + random.nextInt(3)),
                ProgressListener.NONE);
        List<String> texts = s.texts();
        List<PlansResultJson.SavedPlan> ranked = new ArrayList<>();
        for (int rank = 1; rank <= random.nextInt(4); rank++) {
            ranked.add(new PlansResultJson.SavedPlan(rank, texts.get(rank) + " TP" + rank, random.nextBoolean(), texts.get(0),
                    1 + random.nextInt(64), 1 + random.nextInt(8), random.nextBoolean(), random.nextBoolean(),
                    value(random), value(random), value(random), value(random), value(random), value(random),
                    random.nextDouble(), value(random), value(random), value(random), value(random)));
        }
        Optional<PlansResultJson.SavedPlans> plans = ranked.isEmpty() ? Optional.empty()
                : Optional.of(new PlansResultJson.SavedPlans("Llama-3.1-8B", texts.get(4), 8, "min cost", "chat", s.rate(),
                1000, 2000, 100, 0.9, texts.get(5), 3, 40, 10, random.nextBoolean(), 12.5, random.nextInt(ranked.size() + 1),
                ranked));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("completed", (double) random.nextInt(5000));
        metrics.put("ttftP50Ms", value(random));
        metrics.put("sloAttainment", random.nextDouble());
        metrics.put("costPerHourUsd", random.nextBoolean() ? Double.NaN : value(random));
        Optional<SimulationResultJson.SavedSimulation> simulation = random.nextBoolean() ? Optional.empty()
                : Optional.of(new SimulationResultJson.SavedSimulation("Llama-3.1-8B", texts.get(1), "H100-SXM", 2, 2,
                texts.get(2), s.rate(), 1000, 2000, 100, 0.9, metrics, "open loop"));
        List<WhatIfRow> whatIf = new ArrayList<>();
        for (int i = 0; i < random.nextInt(4); i++) {
            boolean feasible = random.nextBoolean();
            whatIf.add(new WhatIfRow(texts.get(i + 3), value(random), value(random), feasible ? value(random) : Double.NaN,
                    i == 0 || !feasible ? Double.NaN : 200 * random.nextDouble() - 100, feasible ? random.nextInt(64) : 0,
                    100 * random.nextDouble(), feasible ? texts.get(6) : "", feasible ? "" : texts.get(7), ""));
        }
        Optional<WhatIfSweepResult> whatIfSweep = random.nextBoolean() ? Optional.empty()
                : Optional.of(new WhatIfSweepResult(new WhatIfSweep(WhatIfSweep.Parameter.RATE_FACTOR, null, 0.5, 2, 2),
                List.of(new WhatIfSweepPoint(0.5, s.rate() / 2, 100, value(random), 4, texts.get(6), ""),
                        new WhatIfSweepPoint(2, s.rate() * 2, 100, Double.NaN, 0, "", texts.get(7)))));
        List<ReportInput.PredictedMeasured> measured = random.nextBoolean() ? List.of()
                : List.of(new ReportInput.PredictedMeasured(texts.get(5), "TTFT p50", value(random), value(random), "ms"));
        ReportInput.SavedResults saved = new ReportInput.SavedResults(plans, simulation, whatIf, whatIfSweep, "", "");
        return new ReportInput(texts.get(0), texts.get(1), Instant.parse("2026-12-07T00:00:00Z"), "test",
                CATALOG.model("Llama-3.1-8B"), List.of(CATALOG.gpu("H100-SXM"), CATALOG.gpu("L4")), Optional.empty(),
                texts.get(2), s.rate(), List.of(new ReportInput.LengthPercentile(50, 512, 128)), Slo.of(2000, 100, 0.9),
                problem, comparison, sweep, "generated", List.of(), Optional.empty(), List.of(), measured, Optional.empty(),
                Assumptions.of(io.fleetwise.planner.engine.EngineProfile.vllmV1()), ReportInput.SavedResults.NONE).withSaved(saved, measured, Optional.empty());
    }

    /** A result figure over several orders of magnitude. */
    private static double value(Random random) {
        return Math.pow(10, -2 + 7 * random.nextDouble());
    }
}
