package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.pricing.ShippedPriceBook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PriceBookCommandsTest {

    @TempDir
    Path dir;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void clear() {
        out = new StringWriter();
        err = new StringWriter();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return CliRun.runWithDb(out, err, dir, args);
    }

    /** Issue 18's done-when: reserved pricing from a fresh database after importing the shipped book. */
    @Test
    void reservedAllocationWorksFromAFreshDatabaseAfterImportingTheShippedBook() throws Exception {
        assertThat(run("catalog", "import-prices", "--shipped")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Shipped price book:");

        assertThat(run("allocate", "--model", "Llama-3.1-8B", "--replica", "H100-SXM:1,L40S:1", "--rate", "10",
                "--search-requests", "150", "--no-validate", "--price-kind", "reserved", "--json")).as(err.toString()).isZero();

        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("status").asText()).isEqualTo("OPTIMAL");
        assertThat(report.get("price_kind").asText()).isEqualTo("reserved_1y");
        JsonNode h100 = report.get("prices").get(0);
        assertThat(h100.get("gpuType").asText()).isEqualTo("H100-SXM");
        assertThat(h100.get("rule").asText()).contains("no reserved 1-year offer listed");
        assertThat(h100.get("basis").get(0).get("provider").asText()).isEqualTo("RunPod");
    }

    @Test
    void anImportedBookWithReservedAndSpotOffersPricesFromThem() throws Exception {
        Path csv = dir.resolve("quotes.csv");
        Files.writeString(csv, String.join("\n",
                "gpu,provider,kind,price_per_gpu_hour,as_of,quality,interruptions_per_hour",
                "H100-SXM,Acme,on_demand,3.10,2026-11-01,list,",
                "H100-SXM,Acme,reserved_1y,2.05,2026-11-01,list,",
                "H100-SXM,Acme,spot,1.50,2026-11-01,list,0.05", ""));

        assertThat(run("catalog", "import-prices", csv.toString(), "--replace")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("3 offers added, 0 replaced, 0 unchanged (" + ShippedPriceBook.offers().size()
                + " removed first)");

        assertThat(run("catalog", "price-defaults", "--json")).isZero();
        JsonNode prices = new ObjectMapper().readTree(out.toString()).get("prices");
        JsonNode reserved = find(prices, "H100-SXM", "RESERVED_1Y");
        assertThat(reserved.get("usdPerGpuHour").asDouble()).isEqualTo(2.05);
        JsonNode spot = find(prices, "H100-SXM", "SPOT");
        assertThat(spot.get("interruptionsPerHour").asDouble()).isEqualTo(0.05);
        assertThat(spot.get("fallbackUsdPerGpuHour").asDouble()).isEqualTo(3.10);
    }

    @Test
    void aBadPriceFileNamesItsLineAndChangesNothing() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "gpu,provider,kind,price_per_gpu_hour,as_of\nL4,GCP,on_demand,0.5,2026-01-01\n"
                + "L4,AWS,on_demand,free,2026-01-01\n");
        run("catalog", "prices", "--csv");
        String before = out.toString();

        assertThat(run("catalog", "import-prices", csv.toString())).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains(csv + " line 3, field 'price_per_gpu_hour': is not a number: 'free'");
        run("catalog", "prices", "--csv");
        assertThat(out.toString()).isEqualTo(before);
    }

    @Test
    void exportedBookImportsBackUnchanged() throws Exception {
        Path csv = dir.resolve("book.csv");
        assertThat(run("catalog", "export-prices", csv.toString())).isZero();

        assertThat(run("catalog", "import-prices", csv.toString())).isZero();

        assertThat(out.toString()).contains("0 offers added, 0 replaced, " + ShippedPriceBook.offers().size() + " unchanged");
    }

    @Test
    void anInHouseGpuTypeIsPlannedOnceItHasAPrice() throws Exception {
        assertThat(run("catalog", "add-gpu", "Lab-X1", "--like", "H100-SXM", "--memory-bytes", "103079215104",
                "--bandwidth-gbps", "4000", "--tdp-w", "800")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Added GPU type Lab-X1: 96.00 GiB as reported (103079215104 bytes), 4000 GB/s")
                .contains("price: none yet");
        assertThat(run("catalog", "add-offer", "Lab-X1", "4.2", "--provider", "internal", "--kind", "on_demand")).isZero();

        assertThat(run("allocate", "--model", "Llama-3.1-8B", "--replica", "Lab-X1:1", "--rate", "5",
                "--search-requests", "150", "--no-validate", "--json"))
                .as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("candidates").get(0).get("gpu_type").asText()).isEqualTo("Lab-X1");
        assertThat(report.get("prices").get(0).get("usdPerGpuHour").asDouble()).isEqualTo(4.2);
    }

    @Test
    void aBuiltInTypeCannotBeAddedAgainOrRemoved() {
        assertThat(run("catalog", "add-gpu", "h100-sxm", "--like", "H100-SXM")).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("exists already");
        assertThat(run("catalog", "remove-gpu", "L4")).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("built-in GPU type and cannot be deleted");
    }

    @Test
    void ownedHardwareIsAPriceKind() throws Exception {
        assertThat(run("catalog", "add-owned", "rack 7", "--gpu", "H100-SXM", "--purchase-usd-per-node", "300000",
                "--amortization-years", "4", "--usd-per-kwh", "0.10", "--pue", "1.3", "--host-power-w", "2000",
                "--hosting-usd-per-node-month", "1000")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Stored 'rack 7': 1.3649 USD per GPU-hour");

        assertThat(run("catalog", "price-defaults", "--kind", "owned", "--json")).isZero();
        JsonNode owned = find(new ObjectMapper().readTree(out.toString()).get("prices"), "H100-SXM", "OWNED");
        assertThat(owned.get("usdPerGpuHour").asDouble()).isCloseTo(1.3649, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(owned.get("rule").asText()).contains("your owned hardware 'rack 7'");
    }

    private static JsonNode find(JsonNode prices, String gpu, String kind) {
        for (JsonNode p : prices) {
            if (gpu.equals(p.path("gpuType").asText()) && kind.equals(p.path("kind").asText())) {
                return p;
            }
        }
        throw new AssertionError("no " + kind + " price for " + gpu + " in " + prices);
    }
}
