package dev.cairn.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields Cairn knows for one kind of ingested record, their types, and which are required. Any other
 * field is kept as a custom attribute. {@code keyFields} identify a record: posting a record with the same key
 * values again updates it rather than adding another.
 */
public record EntitySchema(String kind, String plural, List<String> keyFields, Map<String, FieldType> fields,
                           Set<String> required) {

    /** The field reported as a rejected row's id: the first key field. */
    public String idField() {
        return keyFields.get(0);
    }

    /** The record's identity: its key field values joined with '|' (a missing optional one is empty). */
    public String idOf(Map<String, Object> values) {
        if (keyFields.size() == 1) {
            Object value = values.get(keyFields.get(0));
            return value == null ? "" : value.toString();
        }
        StringBuilder id = new StringBuilder();
        for (String field : keyFields) {
            Object value = values.get(field);
            id.append(id.length() == 0 && field.equals(keyFields.get(0)) ? "" : "|").append(value == null ? "" : value);
        }
        return id.toString();
    }

    public static final EntitySchema ACCOUNT = new EntitySchema("account", "accounts", List.of("account_id"), fields(
            "account_id", FieldType.TEXT,
            "name", FieldType.TEXT,
            "segment", FieldType.TEXT,
            "plan", FieldType.TEXT,
            "arr", FieldType.DECIMAL,
            "contract_start", FieldType.DATE,
            "renewal_date", FieldType.DATE,
            "billing_period", FieldType.BILLING_PERIOD,
            "licenses_purchased", FieldType.COUNT,
            "licenses_used", FieldType.COUNT,
            "products", FieldType.LIST,
            "add_ons", FieldType.LIST,
            "health_score", FieldType.SCORE,
            "csm_owner", FieldType.TEXT),
            Set.of("account_id", "name"));

    public static final EntitySchema CONTACT = new EntitySchema("contact", "contacts", List.of("contact_id"), fields(
            "contact_id", FieldType.TEXT,
            "account_id", FieldType.TEXT,
            "email", FieldType.EMAIL,
            "first_name", FieldType.TEXT,
            "last_name", FieldType.TEXT,
            "role", FieldType.TEXT,
            "team", FieldType.TEXT,
            "is_champion", FieldType.BOOLEAN,
            "is_executive", FieldType.BOOLEAN,
            "renewal_authority", FieldType.BOOLEAN,
            "responds_to_surveys", FieldType.BOOLEAN,
            "timezone", FieldType.TIMEZONE,
            "locale", FieldType.LOCALE),
            Set.of("contact_id", "account_id", "email"));

    /** A dated value of a metric for an account, or for one contact of it. */
    public static final EntitySchema METRIC = new EntitySchema("metric", "metrics",
            List.of("account_id", "metric", "date", "contact_id"), fields(
            "account_id", FieldType.TEXT,
            "contact_id", FieldType.TEXT,
            "metric", FieldType.NAME,
            "date", FieldType.DATE,
            "value", FieldType.DECIMAL),
            Set.of("account_id", "metric", "date", "value"));

    /** Something that happened at an account (feature_used, ticket_opened, ...), optionally by one contact. */
    public static final EntitySchema EVENT = new EntitySchema("event", "events",
            List.of("account_id", "event", "timestamp", "contact_id"), fields(
            "account_id", FieldType.TEXT,
            "contact_id", FieldType.TEXT,
            "event", FieldType.NAME,
            "timestamp", FieldType.TIMESTAMP,
            "properties", FieldType.PROPERTIES),
            Set.of("account_id", "event", "timestamp"));

    public static final List<EntitySchema> ALL = List.of(ACCOUNT, CONTACT, METRIC, EVENT);

    /** The schema for a plural kind as used in routes (/v1/imports/contacts), if there is one. */
    public static java.util.Optional<EntitySchema> byPlural(String plural) {
        return ALL.stream().filter(s -> s.plural().equals(plural)).findFirst();
    }

    private static Map<String, FieldType> fields(Object... namesAndTypes) {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.put((String) namesAndTypes[i], (FieldType) namesAndTypes[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(fields);
    }
}
