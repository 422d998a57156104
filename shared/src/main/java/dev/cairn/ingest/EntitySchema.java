package dev.cairn.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fields Cairn knows for one kind of ingested record, their types, and which are required. Any other
 * field is kept as a custom attribute.
 */
public record EntitySchema(String kind, String idField, Map<String, FieldType> fields, Set<String> required) {

    public static final EntitySchema ACCOUNT = new EntitySchema("account", "account_id", fields(
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
            "health_score", FieldType.SCORE,
            "csm_owner", FieldType.TEXT),
            Set.of("account_id", "name"));

    public static final EntitySchema CONTACT = new EntitySchema("contact", "contact_id", fields(
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

    private static Map<String, FieldType> fields(Object... namesAndTypes) {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.put((String) namesAndTypes[i], (FieldType) namesAndTypes[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(fields);
    }
}
