package io.fleetwise.planner.pricing;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceBookCsvTest {

    private static final String HEADER = "gpu,provider,region,instance,kind,price_per_gpu_hour,currency,as_of,"
            + "quality,interruptions_per_hour,source,note\n";

    @Test
    void readsEveryColumnOfAnOffer() {
        List<PriceOffer> offers = PriceBookCsv.read("book.csv", new StringReader(HEADER
                + "H100-SXM,RunPod,US,1x H100,spot,2.69,usd,2026-11-22,list,0.05,\"catalog, snapshot\",interruptible\n"));

        assertThat(offers).containsExactly(new PriceOffer("H100-SXM", "RunPod", "US", "1x H100", PriceKind.SPOT, 2.69, "USD",
                LocalDate.of(2026, 11, 22), "catalog, snapshot", OfferQuality.LIST, 0.05, "interruptible"));
    }

    @Test
    void optionalColumnsMayBeLeftOut() {
        List<PriceOffer> offers = PriceBookCsv.read("book.csv", new StringReader(
                "gpu,provider,kind,price_per_gpu_hour,as_of\nL4,GCP,reserved,0.4,2026-01-01\n"));

        assertThat(offers.get(0).kind()).isEqualTo(PriceKind.RESERVED_1Y);
        assertThat(offers.get(0).currency()).isEqualTo("USD");
        assertThat(offers.get(0).quality()).isEqualTo(OfferQuality.LIST);
    }

    @Test
    void writtenBookReadsBackTheSame() {
        List<PriceOffer> shipped = ShippedPriceBook.offers();
        StringWriter out = new StringWriter();
        PriceBookCsv.write(out, shipped);

        assertThat(PriceBookCsv.read("again.csv", new StringReader(out.toString()))).isEqualTo(shipped);
    }

    @Test
    void badPriceNamesFileLineAndField() {
        String csv = HEADER + "# a comment line\n"
                + "H100-SXM,RunPod,,,on_demand,2.99,USD,2026-11-22,list,,,\n"
                + "\n"
                + "H200-SXM,RunPod,,,on_demand,cheap,USD,2026-11-22,list,,,\n";

        assertThatThrownBy(() -> PriceBookCsv.read("book.csv", new StringReader(csv)))
                .isInstanceOf(PriceBookFormatException.class)
                .hasMessage("book.csv line 5, field 'price_per_gpu_hour': is not a number: 'cheap'");
    }

    @Test
    void unknownKindIsNamed() {
        assertThatThrownBy(() -> PriceBookCsv.read("book.csv", new StringReader(HEADER
                + "H100-SXM,RunPod,,,weekly,2.99,USD,2026-11-22,list,,,\n")))
                .hasMessageStartingWith("book.csv line 2, field 'kind': Unknown price kind 'weekly'");
    }

    @Test
    void unknownColumnIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> PriceBookCsv.read("book.csv", new StringReader(
                "gpu,provider,kind,price_usd,as_of\nL4,GCP,spot,0.2,2026-01-01\n")))
                .hasMessageStartingWith("book.csv line 1, field 'price_usd': unknown column");
    }

    @Test
    void missingRequiredColumnIsNamed() {
        assertThatThrownBy(() -> PriceBookCsv.read("book.csv", new StringReader("gpu,provider,kind,as_of\n")))
                .hasMessageStartingWith("book.csv line 1, field 'price_per_gpu_hour': required column is missing");
    }

    @Test
    void theSameOfferTwiceNamesBothLines() {
        assertThatThrownBy(() -> PriceBookCsv.read("book.csv", new StringReader(HEADER
                + "L4,GCP,,,on_demand,0.7,USD,2026-01-01,list,,,\n"
                + "L4,GCP,,,on_demand,0.8,USD,2026-01-01,list,,,\n")))
                .hasMessageContaining("line 3")
                .hasMessageContaining("already on line 2");
    }

    @Test
    void interruptionRateOnANonSpotOfferIsRefused() {
        assertThatThrownBy(() -> PriceBookCsv.read("book.csv", new StringReader(HEADER
                + "L4,GCP,,,on_demand,0.7,USD,2026-01-01,list,0.1,,\n")))
                .hasMessageContaining("line 2")
                .hasMessageContaining("only spot offers have an interruption rate");
    }

    @Test
    void aByteThatIsNotUtf8IsPlacedOnItsLineFarPastTheFirstBlock(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes(HEADER.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < 2000; i++) {
            bytes.writeBytes(("H100-SXM,P" + i + ",,,on_demand,2.99,USD,2026-11-22,list,,,\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        bytes.writeBytes("H100-SXM,caf".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        bytes.write(0xE9); // Latin-1 'é'
        bytes.writeBytes(",,,on_demand,2.99,USD,2026-11-22,list,,,\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.nio.file.Path file = dir.resolve("latin1.csv");
        java.nio.file.Files.write(file, bytes.toByteArray());

        assertThatThrownBy(() -> PriceBookCsv.readFile(file))
                .isInstanceOf(PriceBookFormatException.class)
                .hasMessageStartingWith(file + " line 2002: not UTF-8 text (byte 0xE9 at byte offset ");
    }

    @Test
    void aDeviceOrADirectoryIsRefusedBeforeAByteIsRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThatThrownBy(() -> PriceBookCsv.readFile(java.nio.file.Path.of("/dev/zero")))
                .hasMessage("Price book /dev/zero: not a regular file (a device, pipe or socket); expected a file");
        assertThatThrownBy(() -> PriceBookCsv.readFile(dir)).hasMessage("Price book " + dir + ": is a directory; expected a file");
    }

    @Test
    void aBrokenQuoteSaysWhereWithoutALineZero() {
        assertThatThrownBy(() -> PriceBookCsv.read("book.csv", new StringReader(HEADER
                + "L4,\"GCP,,,on_demand,0.7,USD,2026-01-01,list,,,\n")))
                .isInstanceOf(PriceBookFormatException.class)
                .hasMessageStartingWith("book.csv: cannot be read as CSV: ")
                .hasMessageNotContaining("line 0");
    }
}
