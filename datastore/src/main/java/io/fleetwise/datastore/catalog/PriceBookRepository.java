package io.fleetwise.datastore.catalog;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.DatabaseException;
import io.fleetwise.planner.pricing.OfferQuality;
import io.fleetwise.planner.pricing.OwnedHardware;
import io.fleetwise.planner.pricing.PriceBook;
import io.fleetwise.planner.pricing.PriceBookSettings;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.PriceOffer;
import io.fleetwise.planner.pricing.ShippedPriceBook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The user's price book in SQLite: offers, the book's rules and owned hardware. A store that has never had a book is
 * seeded with the shipped one on first read, in one transaction; after that, what the user keeps is what there is.
 */
public final class PriceBookRepository {

    /** Offers by where they came from. */
    public enum Origin { SHIPPED, IMPORTED, ENTERED }

    /** What an import did; every row of the file is counted in exactly one of these. */
    public record ImportSummary(int added, int replaced, int unchanged, int removedBefore) {
        public String describe() {
            return String.format(Locale.ROOT, "%d offer%s added, %d replaced, %d unchanged%s", added, added == 1 ? "" : "s",
                    replaced, unchanged, removedBefore > 0 ? " (" + removedBefore + " removed first)" : "");
        }
    }

    private static final String SEEDED = "seeded";
    private static final String COLUMNS = "gpu_type, provider, region, instance, kind, price_per_gpu_hour, currency, as_of, "
            + "quality, interruptions_per_hour, source, note";

    private final Database database;
    private final Clock clock;

    public PriceBookRepository(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The whole book (seeding the shipped one into a store that never had a book). */
    public PriceBook load() {
        seedIfNeeded();
        return database.execute(c -> new PriceBook(offers(c), owned(c), settings(c)));
    }

    /** Offers with where each came from, in book order (GPU type, then kind, then provider). */
    public Map<PriceOffer, Origin> offersWithOrigin() {
        seedIfNeeded();
        return database.execute(c -> {
            Map<PriceOffer, Origin> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", origin FROM price_offers "
                    + "ORDER BY gpu_type COLLATE NOCASE, kind, provider COLLATE NOCASE, as_of");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(offer(rs), Origin.valueOf(rs.getString(13).toUpperCase(Locale.ROOT)));
                }
            }
            return out;
        });
    }

    /**
     * Adds the offers (an offer with the same key is replaced). With {@code replace} the book is emptied first, so it
     * holds exactly the file's offers. All or nothing.
     */
    public ImportSummary importOffers(List<PriceOffer> offers, Origin origin, boolean replace) {
        seedIfNeeded();
        return database.transaction(c -> {
            int removed = 0;
            if (replace) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM price_offers")) {
                    removed = ps.executeUpdate();
                }
            }
            int added = 0;
            int replaced = 0;
            int unchanged = 0;
            for (PriceOffer o : offers) {
                PriceOffer existing = find(c, o);
                if (existing == null) {
                    insert(c, o, origin);
                    added++;
                } else if (existing.equals(o)) {
                    unchanged++;
                } else {
                    delete(c, existing.key());
                    insert(c, o, origin);
                    replaced++;
                }
            }
            return new ImportSummary(added, replaced, unchanged, removed);
        });
    }

    /** Puts the shipped offers back as the jar has them (removing shipped offers the jar no longer lists). */
    public ImportSummary restoreShipped() {
        seedIfNeeded();
        return database.transaction(c -> {
            int removed;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM price_offers WHERE origin = 'shipped'")) {
                removed = ps.executeUpdate();
            }
            int added = 0;
            int replaced = 0;
            for (PriceOffer o : ShippedPriceBook.offers()) {
                PriceOffer existing = find(c, o);
                if (existing != null) {
                    delete(c, existing.key());
                    replaced++;
                } else {
                    added++;
                }
                insert(c, o, Origin.SHIPPED);
            }
            return new ImportSummary(added, replaced, 0, removed);
        });
    }

    /** Adds or replaces one offer the user typed. */
    public void saveOffer(PriceOffer offer) {
        seedIfNeeded();
        database.transaction(c -> {
            PriceOffer existing = find(c, offer);
            if (existing != null) {
                delete(c, existing.key());
            }
            insert(c, offer, Origin.ENTERED);
            return null;
        });
    }

    /** Removes the offer with this key; returns whether there was one. */
    public boolean deleteOffer(String key) {
        seedIfNeeded();
        return database.transaction(c -> delete(c, key) > 0);
    }

    public void saveSettings(PriceBookSettings settings) {
        seedIfNeeded();
        database.transaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM price_book_settings WHERE key <> ?")) {
                del.setString(1, SEEDED);
                del.executeUpdate();
            }
            Map<String, String> values = new LinkedHashMap<>();
            values.put("window_months", Integer.toString(settings.windowMonths()));
            values.put("reserved_1y_discount", Double.toString(settings.reserved1yDiscount()));
            values.put("reserved_3y_discount", Double.toString(settings.reserved3yDiscount()));
            values.put("discount_source", settings.discountSource());
            values.put("spot_interruptions_per_hour", Double.toString(settings.spotInterruptionsPerHour()));
            values.put("spot_fallback_hours", Double.toString(settings.spotFallbackHours()));
            values.put("spot_source", settings.spotSource());
            settings.usdPerUnit().forEach((currency, rate) -> {
                if (!currency.equals("USD")) {
                    values.put("usd_per_" + currency, Double.toString(rate));
                }
            });
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO price_book_settings (key, value) VALUES (?, ?)")) {
                for (Map.Entry<String, String> e : values.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public void saveOwned(OwnedHardware h) {
        database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO owned_hardware (name, gpu_type, gpus_per_node, "
                    + "purchase_usd_per_node, amortization_years, hosting_usd_per_node_month, usd_per_kwh, pue, "
                    + "host_power_w_per_node, gpu_utilization, as_of, source, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                    + "gpu_type = excluded.gpu_type, gpus_per_node = excluded.gpus_per_node, "
                    + "purchase_usd_per_node = excluded.purchase_usd_per_node, amortization_years = excluded.amortization_years, "
                    + "hosting_usd_per_node_month = excluded.hosting_usd_per_node_month, usd_per_kwh = excluded.usd_per_kwh, "
                    + "pue = excluded.pue, host_power_w_per_node = excluded.host_power_w_per_node, "
                    + "gpu_utilization = excluded.gpu_utilization, as_of = excluded.as_of, source = excluded.source, "
                    + "updated_at = excluded.updated_at")) {
                ps.setString(1, h.name());
                ps.setString(2, h.gpuType());
                ps.setInt(3, h.gpusPerNode());
                ps.setDouble(4, h.purchaseUsdPerNode());
                ps.setDouble(5, h.amortizationYears());
                ps.setDouble(6, h.hostingUsdPerNodeMonth());
                ps.setDouble(7, h.usdPerKwh());
                ps.setDouble(8, h.pue());
                ps.setDouble(9, h.hostPowerWPerNode());
                ps.setDouble(10, h.gpuUtilization());
                ps.setString(11, h.asOf().toString());
                ps.setString(12, h.source());
                ps.setString(13, clock.instant().toString());
                return ps.executeUpdate();
            }
        });
    }

    public boolean deleteOwned(String name) {
        return database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM owned_hardware WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private void seedIfNeeded() {
        boolean seeded = database.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM price_book_settings WHERE key = ?")) {
                ps.setString(1, SEEDED);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (seeded) {
            return;
        }
        List<PriceOffer> shipped = ShippedPriceBook.offers();
        database.transaction(c -> {
            try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM price_book_settings WHERE key = ?")) {
                check.setString(1, SEEDED);
                try (ResultSet rs = check.executeQuery()) {
                    if (rs.next()) {
                        return null; // another connection seeded it meanwhile
                    }
                }
            }
            for (PriceOffer o : shipped) {
                if (find(c, o) == null) {
                    insert(c, o, Origin.SHIPPED);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO price_book_settings (key, value) VALUES (?, ?)")) {
                ps.setString(1, SEEDED);
                ps.setString(2, "shipped book " + ShippedPriceBook.load().fingerprint() + " at " + clock.instant());
                ps.executeUpdate();
            }
            return null;
        });
    }

    private PriceOffer find(Connection c, PriceOffer o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM price_offers WHERE gpu_type = ? "
                + "COLLATE NOCASE AND provider = ? COLLATE NOCASE AND instance = ? COLLATE NOCASE AND region = ? COLLATE "
                + "NOCASE AND kind = ? AND as_of = ?")) {
            ps.setString(1, o.gpuType());
            ps.setString(2, o.provider());
            ps.setString(3, o.instance());
            ps.setString(4, o.region());
            ps.setString(5, o.kind().key());
            ps.setString(6, o.asOf().toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? offer(rs) : null;
            }
        }
    }

    private int delete(Connection c, String key) throws SQLException {
        for (PriceOffer o : offers(c)) {
            if (o.key().equalsIgnoreCase(key)) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM price_offers WHERE gpu_type = ? COLLATE NOCASE "
                        + "AND provider = ? COLLATE NOCASE AND instance = ? COLLATE NOCASE AND region = ? COLLATE NOCASE "
                        + "AND kind = ? AND as_of = ?")) {
                    ps.setString(1, o.gpuType());
                    ps.setString(2, o.provider());
                    ps.setString(3, o.instance());
                    ps.setString(4, o.region());
                    ps.setString(5, o.kind().key());
                    ps.setString(6, o.asOf().toString());
                    return ps.executeUpdate();
                }
            }
        }
        return 0;
    }

    private void insert(Connection c, PriceOffer o, Origin origin) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO price_offers (" + COLUMNS + ", origin, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, o.gpuType());
            ps.setString(2, o.provider());
            ps.setString(3, o.region());
            ps.setString(4, o.instance());
            ps.setString(5, o.kind().key());
            ps.setDouble(6, o.pricePerGpuHour());
            ps.setString(7, o.currency());
            ps.setString(8, o.asOf().toString());
            ps.setString(9, o.quality().key());
            if (Double.isNaN(o.interruptionsPerHour())) {
                ps.setNull(10, Types.REAL);
            } else {
                ps.setDouble(10, o.interruptionsPerHour());
            }
            ps.setString(11, o.source());
            ps.setString(12, o.note());
            ps.setString(13, origin.name().toLowerCase(Locale.ROOT));
            ps.setString(14, clock.instant().toString());
            ps.executeUpdate();
        }
    }

    private static List<PriceOffer> offers(Connection c) throws SQLException {
        List<PriceOffer> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM price_offers "
                + "ORDER BY gpu_type COLLATE NOCASE, kind, provider COLLATE NOCASE, as_of");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                list.add(offer(rs));
            }
        }
        return list;
    }

    private static PriceOffer offer(ResultSet rs) throws SQLException {
        try {
            double interruptions = rs.getDouble(10);
            if (rs.wasNull()) {
                interruptions = Double.NaN;
            }
            return new PriceOffer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    PriceKind.parse(rs.getString(5)), rs.getDouble(6), rs.getString(7), LocalDate.parse(rs.getString(8)),
                    rs.getString(11), OfferQuality.parse(rs.getString(9)), interruptions, rs.getString(12));
        } catch (RuntimeException e) {
            throw new DatabaseException("Stored price offer for '" + rs.getString(1) + "' from '" + rs.getString(2)
                    + "' cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<OwnedHardware> owned(Connection c) throws SQLException {
        List<OwnedHardware> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, gpu_type, gpus_per_node, purchase_usd_per_node, "
                + "amortization_years, hosting_usd_per_node_month, usd_per_kwh, pue, host_power_w_per_node, "
                + "gpu_utilization, as_of, source FROM owned_hardware ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    list.add(new OwnedHardware(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getDouble(4),
                            rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9),
                            rs.getDouble(10), LocalDate.parse(rs.getString(11)), rs.getString(12)));
                } catch (RuntimeException e) {
                    throw new DatabaseException("Stored owned hardware '" + rs.getString(1) + "' cannot be read: "
                            + e.getMessage(), e);
                }
            }
        }
        return list;
    }

    private static PriceBookSettings settings(Connection c) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key, value FROM price_book_settings");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getString(2));
            }
        }
        PriceBookSettings d = PriceBookSettings.defaults();
        try {
            PriceBookSettings s = new PriceBookSettings(
                    Integer.parseInt(values.getOrDefault("window_months", Integer.toString(d.windowMonths()))),
                    Double.parseDouble(values.getOrDefault("reserved_1y_discount", Double.toString(d.reserved1yDiscount()))),
                    Double.parseDouble(values.getOrDefault("reserved_3y_discount", Double.toString(d.reserved3yDiscount()))),
                    values.getOrDefault("discount_source", d.discountSource()),
                    Double.parseDouble(values.getOrDefault("spot_interruptions_per_hour",
                            Double.toString(d.spotInterruptionsPerHour()))),
                    Double.parseDouble(values.getOrDefault("spot_fallback_hours", Double.toString(d.spotFallbackHours()))),
                    values.getOrDefault("spot_source", d.spotSource()), Map.of());
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (e.getKey().startsWith("usd_per_")) {
                    s = s.withExchangeRate(e.getKey().substring("usd_per_".length()), Double.parseDouble(e.getValue()));
                }
            }
            return s;
        } catch (RuntimeException e) {
            throw new DatabaseException("Stored price book settings cannot be read: " + e.getMessage()
                    + ". Maybe reset them in the Catalog area.", e);
        }
    }
}
