package io.fleetwise.planner.alloc.schedule;

import io.fleetwise.planner.pricing.PriceKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A schedule in one sentence, the way a buyer says it: "12 reserved 1-year H100-SXM + up to 6 on-demand L40S
 * between 09:00 and 18:00 + up to 2 spot H100-SXM between 12:00 and 16:00". Counts are GPUs.
 */
public final class ScheduleSummary {

    private ScheduleSummary() {
    }

    public static String describe(FleetSchedule s) {
        if (!s.hasPlan()) {
            return "no schedule: " + s.message();
        }
        List<String> parts = new ArrayList<>();
        s.baselineGpusByType().forEach((type, n) -> {
            PriceKind kind = s.problem().pricesByGpuType().get(type).baseline().orElseThrow().kind();
            parts.add(n + " " + (kind == PriceKind.ON_DEMAND ? "on-demand (all day)" : kind.label()) + " " + type);
        });
        for (PriceKind kind : List.of(PriceKind.ON_DEMAND, PriceKind.SPOT)) {
            for (Map.Entry<String, int[]> e : flexibleGpus(s, kind).entrySet()) {
                int[] perPeriod = e.getValue();
                int max = 0;
                for (int n : perPeriod) {
                    max = Math.max(max, n);
                }
                if (max > 0) {
                    parts.add("up to " + max + " " + kind.label() + " " + e.getKey() + " " + when(s, perPeriod));
                }
            }
        }
        return parts.isEmpty() ? "nothing (no traffic)" : String.join(" + ", parts);
    }

    /** GPUs of each type bought as {@code kind} (on-demand or spot) per period. */
    public static Map<String, int[]> flexibleGpus(FleetSchedule s, PriceKind kind) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (int p = 0; p < s.periods().size(); p++) {
            PeriodPlan plan = s.periods().get(p);
            Map<String, Integer> gpus = kind == PriceKind.SPOT ? plan.spotGpus() : plan.onDemandGpus();
            for (Map.Entry<String, Integer> e : gpus.entrySet()) {
                out.computeIfAbsent(e.getKey(), k -> new int[s.periods().size()])[p] += e.getValue();
            }
        }
        return out;
    }

    /** "between 09:00 and 18:00", "between 09:00 and 12:00 and between 14:00 and 18:00", or "all day". */
    static String when(FleetSchedule s, int[] perPeriod) {
        List<String> runs = new ArrayList<>();
        int p = 0;
        int periods = perPeriod.length;
        while (p < periods) {
            if (perPeriod[p] == 0) {
                p++;
                continue;
            }
            int start = p;
            while (p < periods && perPeriod[p] > 0) {
                p++;
            }
            if (start == 0 && p == periods) {
                return "all the time";
            }
            LoadPeriod first = s.periods().get(start).period();
            LoadPeriod last = s.periods().get(p - 1).period();
            runs.add(String.format(Locale.ROOT, "between %s and %s", first.label(), LoadPeriod.clock(last.endHour())));
        }
        if (runs.size() > 2) {
            // a scattered need reads better as how often than as a list of stretches
            int hours = 0;
            for (int i = 0; i < periods; i++) {
                hours += perPeriod[i] > 0 ? 1 : 0;
            }
            return "in " + hours + " of " + periods + " periods";
        }
        return String.join(" and ", runs);
    }
}
