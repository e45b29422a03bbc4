package io.fleetwise.planner.alloc.schedule;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One stretch of a day or week with a steady request rate.
 *
 * @param startHour     hours since the start of the profile (0 = Monday or day 00:00)
 * @param bucketShares  this period's share of each workload bucket; empty = the problem's shares
 */
public record LoadPeriod(String label, double startHour, double durationHours, double ratePerSecond,
                         List<Double> bucketShares) {

    public LoadPeriod {
        Objects.requireNonNull(label, "label");
        bucketShares = List.copyOf(bucketShares);
        if (!(startHour >= 0) || Double.isInfinite(startHour)) {
            throw new IllegalArgumentException("Period " + label + ": start hour must be >= 0, was " + startHour);
        }
        if (!(durationHours > 0) || Double.isInfinite(durationHours)) {
            throw new IllegalArgumentException("Period " + label + ": duration must be > 0 hours, was " + durationHours);
        }
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("Period " + label + ": rate must be a finite number >= 0 req/s, was "
                    + ratePerSecond);
        }
        for (double s : bucketShares) {
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("Period " + label + ": bucket shares must be finite numbers >= 0");
            }
        }
    }

    /** An hour-long period starting at {@code hour} of a day (or of a week, shown as "Tue 09:00"). */
    public static LoadPeriod hour(int hour, double ratePerSecond) {
        return new LoadPeriod(clock(hour), hour, 1.0, ratePerSecond, List.of());
    }

    public double endHour() {
        return startHour + durationHours;
    }

    /** "09:00" for hour 9 (and "24:00" for the end of a day), "Tue 09:00" for hour 33 of a week. */
    public static String clock(double hour) {
        int total = (int) Math.round(hour * 60);
        if (total <= 24 * 60) {
            return String.format(Locale.ROOT, "%02d:%02d", total / 60, total % 60);
        }
        int day = total / (24 * 60);
        int minutes = total % (24 * 60);
        String time = String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
        return (day < 7 ? new String[] {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}[day] : "day " + (day + 1))
                + " " + time;
    }
}
