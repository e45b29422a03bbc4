package io.fleetwise.planner.pricing;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The rules a price book applies besides its offers.
 *
 * @param windowMonths             offers older than this many months before the book's newest offer of the
 *                                 same kind are not averaged into a default (prices move; a 2024 list price is
 *                                 not comparable with a 2026 marketplace price)
 * @param reserved1yDiscount       share off the on-demand default that a one-year commitment gets when the book
 *                                 lists no one-year offer for a GPU type (0.37 = 37 % off)
 * @param reserved3yDiscount       the same for three years
 * @param discountSource           where the two discounts come from
 * @param spotInterruptionsPerHour how often a spot GPU is taken back, per GPU-hour, for spot offers that do not
 *                                 say
 * @param spotFallbackHours        how long the on-demand replacement of an interrupted spot replica runs before
 *                                 spot capacity comes back
 * @param spotSource               where the two spot figures come from
 * @param usdPerUnit               exchange rates: US dollars per unit of each other currency offers use
 */
public record PriceBookSettings(int windowMonths, double reserved1yDiscount, double reserved3yDiscount,
                                String discountSource, double spotInterruptionsPerHour, double spotFallbackHours,
                                String spotSource, Map<String, Double> usdPerUnit) {

    /** GCP's resource-based committed use discounts, the one public per-term discount table for GPUs we found. */
    public static final String DEFAULT_DISCOUNT_SOURCE = "GCP resource-based committed use discounts: 37 % for 1 year, "
            + "55 % for 3 years (cloud.google.com/compute/docs/instances/signing-up-committed-use-discounts; "
            + "table as quoted by lillytechsystems.com/ai-school/gcp-ai-cost/cuds.html)";

    public static final String DEFAULT_SPOT_SOURCE = "assumed, not measured: one interruption per 50 GPU-hours and a "
            + "one-hour on-demand fallback (AWS Spot Instance Advisor's worst bucket is '>20 %' of instances "
            + "reclaimed per month, far rarer; GPU spot capacity is scarcer, so this errs on the safe side). "
            + "Set it from your provider's interruption history";

    public PriceBookSettings {
        if (windowMonths < 1 || windowMonths > 120) {
            throw new IllegalArgumentException("Price window must be 1 to 120 months, was " + windowMonths);
        }
        checkShare(reserved1yDiscount, "1-year commitment discount");
        checkShare(reserved3yDiscount, "3-year commitment discount");
        if (!(spotInterruptionsPerHour >= 0) || Double.isInfinite(spotInterruptionsPerHour)) {
            throw new IllegalArgumentException("Spot interruptions per hour must be a finite number >= 0, was "
                    + spotInterruptionsPerHour);
        }
        if (!(spotFallbackHours >= 0) || Double.isInfinite(spotFallbackHours)) {
            throw new IllegalArgumentException("Spot fallback hours must be a finite number >= 0, was " + spotFallbackHours);
        }
        discountSource = discountSource == null ? "" : discountSource;
        spotSource = spotSource == null ? "" : spotSource;
        Map<String, Double> rates = new TreeMap<>();
        Objects.requireNonNull(usdPerUnit, "usdPerUnit").forEach((currency, rate) -> {
            String code = currency.trim().toUpperCase(Locale.ROOT);
            if (!code.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException("Exchange rate: '" + currency + "' is not a three-letter currency code");
            }
            if (rate == null || !(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("Exchange rate for " + code + " must be a finite number > 0 USD, was "
                        + rate);
            }
            rates.put(code, rate);
        });
        rates.put("USD", 1.0);
        usdPerUnit = Collections.unmodifiableMap(rates);
    }

    public static PriceBookSettings defaults() {
        return new PriceBookSettings(12, 0.37, 0.55, DEFAULT_DISCOUNT_SOURCE, 0.02, 1.0, DEFAULT_SPOT_SOURCE, Map.of());
    }

    /** US dollars for {@code amount} of {@code currency}; NaN when the book has no rate for it. */
    public double toUsd(double amount, String currency) {
        Double rate = usdPerUnit.get(currency);
        return rate == null ? Double.NaN : amount * rate;
    }

    public PriceBookSettings withWindowMonths(int months) {
        return new PriceBookSettings(months, reserved1yDiscount, reserved3yDiscount, discountSource,
                spotInterruptionsPerHour, spotFallbackHours, spotSource, usdPerUnit);
    }

    public PriceBookSettings withDiscounts(double oneYear, double threeYears, String source) {
        return new PriceBookSettings(windowMonths, oneYear, threeYears, source, spotInterruptionsPerHour,
                spotFallbackHours, spotSource, usdPerUnit);
    }

    public PriceBookSettings withSpot(double interruptionsPerHour, double fallbackHours, String source) {
        return new PriceBookSettings(windowMonths, reserved1yDiscount, reserved3yDiscount, discountSource,
                interruptionsPerHour, fallbackHours, source, usdPerUnit);
    }

    public PriceBookSettings withExchangeRate(String currency, double usd) {
        Map<String, Double> rates = new TreeMap<>(usdPerUnit);
        rates.put(currency.trim().toUpperCase(Locale.ROOT), usd);
        return new PriceBookSettings(windowMonths, reserved1yDiscount, reserved3yDiscount, discountSource,
                spotInterruptionsPerHour, spotFallbackHours, spotSource, rates);
    }

    /** One line with every figure, for fingerprints and the report. */
    public String canonical() {
        return String.format(Locale.ROOT, "window=%d;r1=%s;r3=%s;spot=%s;fallback=%s;fx=%s", windowMonths,
                reserved1yDiscount, reserved3yDiscount, spotInterruptionsPerHour, spotFallbackHours, usdPerUnit);
    }

    private static void checkShare(double v, String what) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(what + " must be a share in [0, 1) (0.37 = 37 % off), was " + v);
        }
    }
}
