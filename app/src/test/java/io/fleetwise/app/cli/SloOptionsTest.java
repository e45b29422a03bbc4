package io.fleetwise.app.cli;

import io.fleetwise.planner.model.Slo;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import static org.assertj.core.api.Assertions.assertThat;

class SloOptionsTest {

    @Command(name = "t")
    static final class Holder {
        @Mixin
        SloOptions slo;
    }

    @Command(name = "s")
    static final class ServingHolder {
        @Mixin
        ServingOptions serving;
    }

    private static SloOptions parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.slo;
    }

    @Test
    void targetsNotGivenAreUnboundedAndNoTargetAtAllIsNoSlo() {
        SloOptions tpotOnly = parse("--slo-tpot-ms", "80", "--slo-attainment", "0.95");
        assertThat(tpotOnly.orUnbounded()).isEqualTo(new Slo(Double.POSITIVE_INFINITY, 80, Double.POSITIVE_INFINITY, 0.95));
        assertThat(tpotOnly.orNull()).isEqualTo(tpotOnly.orUnbounded());

        SloOptions none = parse();
        assertThat(none.orNull()).isNull();
        assertThat(none.orUnbounded().attainment()).isEqualTo(0.9);
    }

    @Test
    void servingOptionsCarryTheSloOptions() {
        ServingHolder s = new ServingHolder();
        new CommandLine(s).parseArgs("--gpu", "H100-SXM", "--slo-ttft-ms", "500", "--slo-e2e-ms", "9000");
        assertThat(s.serving.sloOr(null)).isEqualTo(new Slo(500, Double.POSITIVE_INFINITY, 9000, 0.9));
    }
}
