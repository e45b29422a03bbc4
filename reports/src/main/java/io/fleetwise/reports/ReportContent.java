package io.fleetwise.reports;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which sections of a report have something to show for a study. A report leaves the others out unless they were
 * asked for (then each says which area makes the missing result), and its title page names what was left out.
 */
public final class ReportContent {

    private ReportContent() {
    }

    public static boolean present(ReportSection section, ReportInput input) {
        return switch (section) {
            case SUMMARY, ALLOCATION, ASSUMPTIONS -> true;
            case PROCUREMENT -> input.saved().procurement().map(p -> p.schedule().isPresent()
                    || !p.ownedVsRentedTable().isEmpty()).orElse(false);
            case PLAN -> !input.planMetrics().isEmpty() || input.saved().plans().isPresent()
                    || input.saved().simulation().isPresent();
            case WHAT_IF -> !input.saved().whatIf().isEmpty() || input.saved().whatIfSweep().isPresent();
            case PREDICTED_VS_MEASURED -> !input.predictedVsMeasured().isEmpty();
            case TIMELINE -> input.timelineSnapshot().isPresent();
        };
    }

    /** The sections written: the chosen ones with content, and the chosen empty ones too when {@code includeEmpty}. */
    public static Set<ReportSection> written(Set<ReportSection> chosen, boolean includeEmpty, ReportInput input) {
        Set<ReportSection> written = EnumSet.noneOf(ReportSection.class);
        for (ReportSection s : chosen) {
            if (includeEmpty || present(s, input)) {
                written.add(s);
            }
        }
        return written;
    }

    /** Chosen sections left out for having no content. */
    public static Set<ReportSection> leftOut(Set<ReportSection> chosen, boolean includeEmpty, ReportInput input) {
        Set<ReportSection> out = EnumSet.noneOf(ReportSection.class);
        for (ReportSection s : chosen) {
            if (!includeEmpty && !present(s, input)) {
                out.add(s);
            }
        }
        return out;
    }
}
