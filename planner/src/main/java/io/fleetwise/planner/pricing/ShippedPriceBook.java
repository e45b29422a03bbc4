package io.fleetwise.planner.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The price book shipped in the planner jar ({@code price-book.csv} beside this class; sources in its header). */
public final class ShippedPriceBook {

    public static final String RESOURCE = "price-book.csv";

    private ShippedPriceBook() {
    }

    public static PriceBook load() {
        return Holder.BOOK;
    }

    /** Read once, on first use, by the JVM's class initialisation (no mutable static state in the planner). */
    private static final class Holder {
        static final PriceBook BOOK = new PriceBook(offers(), List.of(), PriceBookSettings.defaults());
    }

    /** The shipped offers, read fresh (the CSV as it ships, e.g. to import or export it). */
    public static List<PriceOffer> offers() {
        try (InputStream in = ShippedPriceBook.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Price book resource " + RESOURCE + " is missing from the planner jar");
            }
            return PriceBookCsv.read(RESOURCE, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the shipped price book", e);
        }
    }

    /** The shipped CSV text as it is in the jar, header comments included. */
    public static String csvText() {
        try (InputStream in = ShippedPriceBook.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Price book resource " + RESOURCE + " is missing from the planner jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the shipped price book", e);
        }
    }
}
