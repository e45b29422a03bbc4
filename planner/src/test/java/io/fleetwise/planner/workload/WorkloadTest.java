package io.fleetwise.planner.workload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WorkloadTest {

    private static double cvOfGaps(long[] t) {
        double[] g = new double[t.length - 1];
        double mean = 0;
        for (int i = 1; i < t.length; i++) {
            g[i - 1] = t[i] - t[i - 1];
            mean += g[i - 1];
        }
        mean /= g.length;
        double var = 0;
        for (double x : g) {
            var += (x - mean) * (x - mean);
        }
        return Math.sqrt(var / g.length) / mean;
    }

    @Test
    void poissonArrivalsHaveTheRequestedRateAndUnitCv() {
        long[] t = ArrivalProcess.poisson(5).arrivalsNs(50_000, new SplittableRandom(1));
        assertThat(50_000 / (t[t.length - 1] / 1e9)).isCloseTo(5.0, within(0.1));
        assertThat(cvOfGaps(t)).isCloseTo(1.0, within(0.03));
    }

    @Test
    void gammaArrivalsReachTheRequestedBurstiness() {
        long[] t = ArrivalProcess.gamma(5, 3.0).arrivalsNs(100_000, new SplittableRandom(2));
        assertThat(cvOfGaps(t)).isCloseTo(3.0, within(0.3));
        assertThat(100_000 / (t[t.length - 1] / 1e9)).isCloseTo(5.0, within(0.4));
    }

    @Test
    void diurnalArrivalsFollowTheCurve() {
        double[] hourly = new double[24];
        java.util.Arrays.fill(hourly, 1.0);
        hourly[2] = 10.0;
        hourly[3] = 10.0;
        long[] t = ArrivalProcess.diurnal(hourly).arrivalsNs(120_000, new SplittableRandom(3));
        int noon = 0;
        int night = 0;
        for (long x : t) {
            double h = (x / 3.6e12) % 24;
            if (h >= 2.5 && h < 3.5) {
                noon++;
            } else if (h < 1) {
                night++;
            }
        }
        assertThat((double) noon / night).isBetween(6.0, 14.0);
    }

    @Test
    void chatPresetReproducesTheAzureConversationMedians() {
        QuantileLengths chat = LengthPresets.preset("chat");
        int[] in = new int[40_000];
        int[] out = new int[40_000];
        SplittableRandom r = new SplittableRandom(4);
        int[] pair = new int[2];
        for (int i = 0; i < in.length; i++) {
            chat.sample(r, pair);
            in[i] = pair[0];
            out[i] = pair[1];
        }
        java.util.Arrays.sort(in);
        java.util.Arrays.sort(out);
        assertThat((double) in[in.length / 2]).isCloseTo(1020, within(30.0));
        assertThat((double) out[out.length / 2]).isCloseTo(129, within(6.0));
    }

    @Test
    void sameSeedGivesSameTrace() {
        RequestTrace a = WorkloadGenerator.poisson("code", 3, 1000, 9);
        RequestTrace b = WorkloadGenerator.poisson("code", 3, 1000, 9);
        assertThat(a.arrivalNs(999)).isEqualTo(b.arrivalNs(999));
        assertThat(a.totalInputTokens()).isEqualTo(b.totalInputTokens());
    }

    @Test
    void histogramSamplesStayInsideTheirBuckets() {
        BucketHistogram2D h = new BucketHistogram2D("h", new int[] {100, 200, 400}, new int[] {10, 20},
                new double[][] {{0}, {5}});
        int[] pair = new int[2];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 100; i++) {
            h.sample(r, pair);
            assertThat(pair[0]).isBetween(200, 399);
            assertThat(pair[1]).isBetween(10, 19);
        }
    }

    @Test
    void builtInAzureConversationTraceHasItsPublishedShape() {
        RequestTrace conv = TraceReaders.builtInAzure2023("conv");
        assertThat(conv.size()).isEqualTo(19_366);
        assertThat(conv.meanRatePerS()).isCloseTo(5.53, within(0.05));
        assertThat((double) conv.totalInputTokens() / conv.size()).isCloseTo(1155, within(2.0));
    }

    @Test
    void azure2024TimestampsWithOffsetAndNoFractionParse(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a.csv");
        Files.writeString(f, "TIMESTAMP,ContextTokens,GeneratedTokens\n2024-05-10 00:00:00.009930+00:00,10,2\n"
                + "2024-05-10 00:00:01+00:00,20,3\n2024-05-10 00:00:00.5+00:00,30,4\n");
        RequestTrace t = TraceReaders.read(f, 0, TraceReaders.ALL);
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.inputTokens(1)).isEqualTo(30); // sorted by time
        assertThat(t.arrivalNs(2)).isEqualTo(1_000_000_000L - 9_930_000L);
    }

    @Test
    void malformedLineNamesFileLineAndField(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n"
                + "2023-11-16 18:17:04.0319600,lots,8\n");
        assertThatThrownBy(() -> TraceReaders.read(f, 0, TraceReaders.ALL))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("bad.csv line 3").hasMessageContaining("ContextTokens").hasMessageContaining("lots");
    }

    @Test
    void errorLinesCountBlankLinesAndALastLineWithoutNewline(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("gaps.csv");
        Files.writeString(f, "\uFEFFTIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.97,48,10\n\n"
                + "2023-11-16 18:17:04.03,12,8\n2023-11-16 18:17:05.00,7,-3");
        assertThatThrownBy(() -> TraceReaders.read(f, 0, TraceReaders.ALL))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("gaps.csv line 5").hasMessageContaining("GeneratedTokens");
    }

    @Test
    void aMissingColumnAndAShortRowAreNamed(@TempDir Path dir) throws IOException {
        Path noColumn = dir.resolve("burst.csv");
        Files.writeString(noColumn, "Timestamp,Model,Request tokens\n5,ChatGPT,472\n");
        assertThatThrownBy(() -> TraceReaders.burstGptCsv(noColumn, 0, TraceReaders.ALL))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("line 1").hasMessageContaining("Response tokens");
        Path shortRow = dir.resolve("short.csv");
        Files.writeString(shortRow, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.97,48,10\n"
                + "2023-11-16 18:17:04.03,12\n");
        assertThatThrownBy(() -> TraceReaders.read(shortRow, 0, TraceReaders.ALL))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("short.csv line 3").hasMessageContaining("expected 3 columns, got 2");
    }

    @Test
    void aBadJsonLineIsNamedByItsLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("o.jsonl");
        Files.writeString(f, "{\"StartTimeOffset\": 0, \"ContextTokens\": 5, \"GeneratedTokens\": 6}\n\n"
                + "{\"StartTimeOffset\": 9, \"ContextTokens\": \"many\", \"GeneratedTokens\": 6}\n");
        assertThatThrownBy(() -> TraceReaders.read(f, 0, TraceReaders.ALL))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("o.jsonl line 3").hasMessageContaining("ContextTokens");
    }

    @Test
    void mooncakeReaderKeepsPrefixHashesAndWindows(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.jsonl");
        Files.writeString(f, "{\"timestamp\": 0, \"input_length\": 1000, \"output_length\": 5, \"hash_ids\": [0, 1]}\n"
                + "{\"timestamp\": 2000, \"input_length\": 600, \"output_length\": 7, \"hash_ids\": [0, 2]}\n"
                + "{\"timestamp\": 5000, \"input_length\": 700, \"output_length\": 9, \"hash_ids\": [3]}\n");
        RequestTrace all = TraceReaders.read(f, 0, TraceReaders.ALL);
        assertThat(all.hashBlockTokens()).isEqualTo(512);
        assertThat(all.prefixHashes(1)).containsExactly(0, 2);
        RequestTrace window = TraceReaders.read(f, 1.0, 4.0);
        assertThat(window.size()).isEqualTo(1);
        assertThat(window.inputTokens(0)).isEqualTo(600);
        assertThat(window.arrivalNs(0)).isZero();
    }

    @Test
    void offsetJsonlAndBurstGptAreRead(@TempDir Path dir) throws IOException {
        Path j = dir.resolve("o.jsonl");
        Files.writeString(j, "{\"StartTimeOffset\": 0, \"ContextTokens\": 5, \"GeneratedTokens\": 6}\n"
                + "{\"StartTimeOffset\": 1500000000, \"ContextTokens\": 7, \"GeneratedTokens\": 8}\n");
        assertThat(TraceReaders.read(j, 0, TraceReaders.ALL).arrivalNs(1)).isEqualTo(1_500_000_000L);
        Path b = dir.resolve("burst.csv");
        Files.writeString(b, "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n"
                + "5,ChatGPT,472,18,490,Conversation log\n7,GPT-4,100,0,100,API log\n9,ChatGPT,50,20,70,API log\n");
        RequestTrace burst = TraceReaders.read(b, 0, TraceReaders.ALL);
        assertThat(burst.size()).isEqualTo(2); // the failed request (0 response tokens) is skipped
        assertThat(burst.arrivalNs(1)).isEqualTo(4_000_000_000L);
    }

    @Test
    void rateScalingDividesGaps() {
        RequestTrace t = new RequestTrace("t", new long[] {0, 100, 300}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
        assertThat(t.scaledRate(2).arrivalNs(2)).isEqualTo(150);
    }

    @Test
    void workloadMixesClassesByShare() {
        Workload w = new Workload("mix", ArrivalProcess.poisson(10),
                java.util.List.of(RequestClass.of("chat", 3), RequestClass.of("code", 1)));
        Workload.Generated g = w.generate(20_000, 3);
        long code = java.util.Arrays.stream(g.classIndex()).filter(c -> c == 1).count();
        assertThat(code / 20_000.0).isCloseTo(0.25, within(0.015));
        assertThat(g.trace().size()).isEqualTo(20_000);
    }
}
