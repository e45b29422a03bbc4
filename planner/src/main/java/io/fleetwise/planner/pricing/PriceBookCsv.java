package io.fleetwise.planner.pricing;

import io.fleetwise.planner.ingest.InputFiles;
import io.fleetwise.planner.ingest.InputLimits;
import io.fleetwise.planner.ingest.StrictUtf8Reader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Price offers as CSV, one offer per row (docs/price-book.md):
 * {@code gpu,provider,region,instance,kind,price_per_gpu_hour,currency,as_of,quality,interruptions_per_hour,source,note}.
 * Reading checks every row and names the file, line and field of the first problem; nothing is skipped silently.
 */
public final class PriceBookCsv {

    public static final List<String> COLUMNS = List.of("gpu", "provider", "region", "instance", "kind", "price_per_gpu_hour",
            "currency", "as_of", "quality", "interruptions_per_hour", "source", "note");
    private static final List<String> REQUIRED = List.of("gpu", "provider", "kind", "price_per_gpu_hour", "as_of");

    private PriceBookCsv() {
    }

    /**
     * The price book file the CLI and the Price book area import: a regular file of at most 64 MiB (a device such as
     * /dev/zero or a directory is refused before a byte is read), strict UTF-8 (a bad byte is placed on its line).
     *
     * @throws io.fleetwise.planner.ingest.InputException when the file cannot be read at all
     * @throws PriceBookFormatException naming file, line and field of the first bad row
     */
    public static List<PriceOffer> readFile(Path file) {
        InputFiles.requireRegularFile(file, "Price book", InputLimits.MAX_CONFIG_BYTES);
        try (Reader reader = new StrictUtf8Reader(Files.newInputStream(file))) {
            return read(file.toString(), reader);
        } catch (IOException e) {
            throw InputFiles.readFailure(file, e);
        }
    }

    /** @throws PriceBookFormatException naming file, line and field of the first bad row */
    public static List<PriceOffer> read(String fileName, Reader reader) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setCommentMarker('#').setTrim(true).get();
        List<PriceOffer> offers = new ArrayList<>();
        Map<String, Long> lineOfKey = new HashMap<>();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            checkHeader(fileName, parser.getHeaderNames());
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                PriceOffer offer = offer(new Field(fileName, line, record, parser.getHeaderNames()));
                Long earlier = lineOfKey.putIfAbsent(offer.key().toLowerCase(Locale.ROOT), line);
                if (earlier != null) {
                    throw new PriceBookFormatException(fileName, line, "", "the same offer (" + offer.key()
                            + ") is already on line " + earlier + "; an offer is one GPU type, provider, region, kind "
                            + "and date");
                }
                offers.add(offer);
            }
        } catch (StrictUtf8Reader.MalformedUtf8Exception e) {
            throw new PriceBookFormatException(fileName, e.line(), "", e.problem());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof StrictUtf8Reader.MalformedUtf8Exception bad) {
                throw new PriceBookFormatException(fileName, bad.line(), "", bad.problem());
            }
            throw new PriceBookFormatException(fileName, 0, "", "cannot be read as CSV: " + e.getMessage());
        } catch (IOException e) {
            // commons-csv reports a broken quote as an IOException that names its own line and position
            throw new PriceBookFormatException(fileName, 0, "", "cannot be read as CSV: " + e.getMessage());
        } catch (IllegalStateException | IllegalArgumentException e) {
            if (e instanceof PriceBookFormatException) {
                throw (PriceBookFormatException) e;
            }
            throw new PriceBookFormatException(fileName, 0, "", "malformed CSV: " + e.getMessage());
        }
        return offers;
    }

    public static void write(Writer writer, List<PriceOffer> offers) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(new String[0])).setRecordSeparator('\n')
                .get();
        try (CSVPrinter printer = new CSVPrinter(writer, format)) {
            for (PriceOffer o : offers) {
                printer.printRecord(o.gpuType(), o.provider(), o.region(), o.instance(), o.kind().key(),
                        PriceOffer.trimmed(o.pricePerGpuHour()), o.currency(), o.asOf(), o.quality().key(),
                        Double.isNaN(o.interruptionsPerHour()) ? "" : PriceOffer.trimmed(o.interruptionsPerHour()),
                        o.source(), o.note());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the price book: " + e.getMessage(), e);
        }
    }

    private static void checkHeader(String fileName, List<String> header) {
        for (String name : header) {
            if (!COLUMNS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new PriceBookFormatException(fileName, 1, name, "unknown column; a price book has the columns "
                        + String.join(",", COLUMNS));
            }
        }
        for (String name : REQUIRED) {
            if (header.stream().noneMatch(h -> h.equalsIgnoreCase(name))) {
                throw new PriceBookFormatException(fileName, 1, name, "required column is missing; a price book has the "
                        + "columns " + String.join(",", COLUMNS));
            }
        }
    }

    private static PriceOffer offer(Field f) {
        String gpu = f.required("gpu");
        String provider = f.required("provider");
        PriceKind kind;
        try {
            kind = PriceKind.parse(f.required("kind"));
        } catch (IllegalArgumentException e) {
            throw f.error("kind", e.getMessage());
        }
        double price = f.number("price_per_gpu_hour", true);
        LocalDate asOf;
        try {
            asOf = LocalDate.parse(f.required("as_of"));
        } catch (DateTimeParseException e) {
            throw f.error("as_of", "is not a date (YYYY-MM-DD): '" + f.text("as_of") + "'");
        }
        OfferQuality quality;
        try {
            quality = f.text("quality").isEmpty() ? OfferQuality.LIST : OfferQuality.parse(f.text("quality"));
        } catch (IllegalArgumentException e) {
            throw f.error("quality", e.getMessage());
        }
        double interruptions = f.text("interruptions_per_hour").isEmpty() ? Double.NaN
                : f.number("interruptions_per_hour", false);
        try {
            return new PriceOffer(gpu, provider, f.text("region"), f.text("instance"), kind, price, f.text("currency"), asOf,
                    f.text("source"), quality, interruptions, f.text("note"));
        } catch (IllegalArgumentException e) {
            throw f.error("", e.getMessage());
        }
    }

    /** Typed access to one row; every failure names file, line and field. */
    private static final class Field {
        private final String file;
        private final long line;
        private final CSVRecord record;
        private final List<String> headers;

        Field(String file, long line, CSVRecord record, List<String> headers) {
            this.file = file;
            this.line = line;
            this.record = record;
            this.headers = headers;
        }

        PriceBookFormatException error(String field, String problem) {
            return new PriceBookFormatException(file, line, field, problem);
        }

        String text(String field) {
            String header = null;
            for (String h : headers) {
                if (h.equalsIgnoreCase(field)) {
                    header = h;
                }
            }
            if (header == null) {
                return "";
            }
            if (!record.isSet(header)) {
                throw error(field, "the row has " + record.size() + " fields, fewer than the header");
            }
            return record.get(header).trim();
        }

        String required(String field) {
            String v = text(field);
            if (v.isEmpty()) {
                throw error(field, "is empty");
            }
            return v;
        }

        double number(String field, boolean positive) {
            String v = required(field);
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw error(field, "is not a number: '" + v + "'");
            }
            if (Double.isNaN(d) || Double.isInfinite(d) || d < 0 || (positive && d == 0)) {
                throw error(field, "must be a finite number " + (positive ? "> 0" : ">= 0") + ", was '" + v + "'");
            }
            return d;
        }
    }
}
