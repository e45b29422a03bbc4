package io.fleetwise.planner.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.study.StudyDocument;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which offers a study may be priced with, kept with the study (under {@value #KEY}, so it travels with the study's
 * export): its {@link PriceChoice}. A study that never chose uses every offer.
 */
public final class StudyPricing {

    public static final String KEY = "priceChoice";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StudyPricing() {
    }

    public static PriceChoice choice(StudyDocument study) {
        JsonNode node = study.results().get(KEY);
        if (node == null || !node.isObject()) {
            return PriceChoice.all();
        }
        return new PriceChoice(strings(node.get("providers")), strings(node.get("excludedOffers")),
                node.path("allowUnverified").asBoolean(false));
    }

    public static StudyDocument withChoice(StudyDocument study, PriceChoice choice) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode providers = node.putArray("providers");
        choice.providers().forEach(providers::add);
        ArrayNode excluded = node.putArray("excludedOffers");
        choice.excludedOffers().forEach(excluded::add);
        node.put("allowUnverified", choice.allowUnverified());
        return study.withResult(KEY, node);
    }

    /**
     * The providers a study may be limited to, checked against the book: every name must be a provider of an offer
     * or "owned: NAME" of owned hardware (ignoring case; written as the book writes it).
     *
     * @throws io.fleetwise.planner.ingest.InputException naming the first unknown provider and the known ones
     */
    public static Set<String> providersIn(PriceBook book, java.util.Collection<String> names) {
        java.util.Map<String, String> known = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        book.providers().forEach(p -> known.put(p, p));
        book.owned().forEach(h -> known.put("owned: " + h.name(), "owned: " + h.name()));
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : names) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            String asBooked = known.get(n);
            if (asBooked == null) {
                throw new io.fleetwise.planner.ingest.InputException("The price book has no provider '" + n
                        + "'. Known: " + String.join(", ", known.values()));
            }
            out.add(asBooked);
        }
        return out;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (array != null && array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
