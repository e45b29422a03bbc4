package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code study price-choice}: shows and sets which offers a study is priced from; the choice travels with the study. */
class StudyPriceChoiceCommandTest {

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return CliRun.runWithDb(out, err, dir, args);
    }

    @Test
    void limitingTheProvidersIsSavedShownAndExported() throws Exception {
        assertThat(run("study", "price-choice", "Demo study")).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Study 'Demo study' is priced from every provider.")
                .contains("H200-SXM on-demand: H200-SXM on-demand");

        assertThat(run("study", "price-choice", "Demo study", "--providers", "aws,Lambda")).as(err.toString()).isZero();
        assertThat(err.toString()).contains("Saved the price choice of study 'Demo study': providers AWS, Lambda");
        assertThat(out.toString()).contains("H200-SXM on-demand: no offer allowed by this choice");

        Path file = dir.resolve("demo.json");
        assertThat(run("study", "export", "Demo study", file.toString())).isZero();
        JsonNode choice = JsonOutput.mapper().readTree(file.toFile()).path("results").path("priceChoice");
        assertThat(choice.path("providers")).extracting(JsonNode::asText).containsExactly("AWS", "Lambda");

        assertThat(run("study", "price-choice", "Demo study", "--all-providers")).isZero();
        assertThat(out.toString()).startsWith("Study 'Demo study' is priced from every provider.");
    }

    @Test
    void anUnknownProviderOrOfferIsNamed() {
        assertThat(run("study", "price-choice", "Demo study", "--providers", "Nobody")).isNotZero();
        assertThat(err.toString()).contains("--providers: The price book has no provider 'Nobody'. Known: ");
        assertThat(run("study", "price-choice", "Demo study", "--exclude-offer", "H100-SXM/Nobody")).isNotZero();
        assertThat(err.toString()).contains("--exclude-offer: no offer has the key 'H100-SXM/Nobody'");
    }
}
