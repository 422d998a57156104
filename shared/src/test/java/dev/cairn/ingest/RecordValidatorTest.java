package dev.cairn.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordValidatorTest {

    private static final String VALID_CONTACT = """
            {"contact_id": "c-1", "account_id": "a-1", "email": "ann@example.com"}""";

    private static RecordValidator.Result validate(EntitySchema schema, String json, int row) throws Exception {
        return RecordValidator.validate(schema, Json.parse(json), row);
    }

    private static EntityRecord accepted(EntitySchema schema, String json) throws Exception {
        return assertInstanceOf(RecordValidator.Accepted.class, validate(schema, json, 0)).record();
    }

    private static List<Rejection> rejected(EntitySchema schema, String json, int row) throws Exception {
        return assertInstanceOf(RecordValidator.Rejected.class, validate(schema, json, row)).rejections();
    }

    private static Map<String, String> messagesByColumn(List<Rejection> rejections) {
        return rejections.stream().collect(Collectors.toMap(Rejection::column, Rejection::message));
    }

    @Test
    void aValidContactIsNormalised() throws Exception {
        EntityRecord record = accepted(EntitySchema.CONTACT, """
                {"contact_id": " c-1 ", "account_id": "a-1", "email": "ann@example.com", "first_name": " Ann ",
                 "is_champion": "yes", "timezone": "Europe/Paris", "locale": "fr_ca"}""");

        assertEquals("c-1", record.id());
        assertEquals(Map.of("contact_id", "c-1", "account_id", "a-1", "email", "ann@example.com", "first_name", "Ann",
                "is_champion", true, "timezone", "Europe/Paris", "locale", "fr-CA"), record.values());
        assertEquals(Map.of(), record.custom());
        assertEquals(Set.of(), record.cleared());
    }

    @Test
    void eachMissingRequiredFieldIsOneRejectionNamingTheColumn() throws Exception {
        List<Rejection> rejections = rejected(EntitySchema.CONTACT, "{\"first_name\": \"Ann\"}", 7);

        assertEquals(3, rejections.size(), rejections::toString);
        assertEquals(Map.of("contact_id", "contact_id is required", "account_id", "account_id is required",
                "email", "email is required"), messagesByColumn(rejections));
        rejections.forEach(rejection -> {
            assertEquals(7, rejection.row());
            assertEquals(null, rejection.id());
        });
    }

    @Test
    void anExplicitNullClearsAnOptionalField() throws Exception {
        EntityRecord record = accepted(EntitySchema.CONTACT, """
                {"contact_id": "c-1", "account_id": "a-1", "email": "ann@example.com",
                 "first_name": null, "team": "  ", "favourite_color": null}""");

        assertEquals(Set.of("first_name", "team", "favourite_color"), record.cleared());
        assertEquals(Set.of("contact_id", "account_id", "email"), record.values().keySet());
        assertEquals(Map.of(), record.custom());
    }

    @Test
    void anOmittedOptionalFieldIsNeitherSetNorCleared() throws Exception {
        EntityRecord record = accepted(EntitySchema.CONTACT, VALID_CONTACT);

        assertEquals(Set.of(), record.cleared());
        assertEquals(null, record.get("first_name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"   \"", "null"})
    void anEmptyRequiredFieldIsRejected(String empty) throws Exception {
        List<Rejection> rejections = rejected(EntitySchema.CONTACT,
                "{\"contact_id\": \"c-1\", \"account_id\": \"a-1\", \"email\": " + empty + "}", 2);

        assertEquals(List.of(new Rejection(2, "c-1", "email", "email is required")), rejections);
    }

    @Test
    void unknownFieldsBecomeCustomAttributes() throws Exception {
        EntityRecord record = accepted(EntitySchema.CONTACT, """
                {"contact_id": "c-1", "account_id": "a-1", "email": "ann@example.com",
                 "favourite_color": "teal", "seats_wanted": 12.50, "beta_tester": true, "nps_2025": 9}""");

        assertEquals(Map.of("favourite_color", "teal", "seats_wanted", new BigDecimal("12.5"), "beta_tester", true,
                "nps_2025", new BigDecimal("9")), record.custom());
        assertTrue(record.values().keySet().stream().noneMatch(record.custom()::containsKey));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Favourite", "favourite-color", "2fa", "_private", "favourite color", "émoji", "x{",
            "a123456789012345678901234567890123456789012345678901234567890abcd"})
    void invalidCustomAttributeNamesAreRejected(String name) throws Exception {
        JsonNode input = Json.parse(VALID_CONTACT);
        ((com.fasterxml.jackson.databind.node.ObjectNode) input).put(name, "x");

        List<Rejection> rejections = assertInstanceOf(RecordValidator.Rejected.class,
                RecordValidator.validate(EntitySchema.CONTACT, input, 4)).rejections();

        assertEquals(List.of(new Rejection(4, "c-1", name, "custom attribute name '" + name
                + "' must start with a lowercase letter and use only a-z, 0-9 and _ (at most 64)")), rejections);
    }

    @Test
    void aCustomAttributeNameOf64CharactersIsAcceptedAnd65IsNot() throws Exception {
        String ok = "a" + "b".repeat(63);
        String tooLong = ok + "c";

        assertEquals(Map.of(ok, "x"), accepted(EntitySchema.CONTACT,
                VALID_CONTACT.replace("}", ", \"" + ok + "\": \"x\"}")).custom());
        assertEquals(tooLong, rejected(EntitySchema.CONTACT,
                VALID_CONTACT.replace("}", ", \"" + tooLong + "\": \"x\"}"), 0).get(0).column());
    }

    @Test
    void aCustomAttributeMustBeASingleValue() throws Exception {
        List<Rejection> rejections = rejected(EntitySchema.CONTACT,
                VALID_CONTACT.replace("}", ", \"tags\": [\"a\"], \"meta\": {\"b\": 1}}"), 0);

        assertEquals(Map.of("tags", "tags must be a single value, not a list",
                "meta", "meta must be a single value, not an object"), messagesByColumn(rejections));
    }

    @Test
    void aCustomNumberDynamoDbCannotStoreIsRejectedNotThrown() throws Exception {
        List<Rejection> rejections = rejected(EntitySchema.CONTACT,
                VALID_CONTACT.replace("}", ", \"lifetime_value\": 1e400}"), 3);

        assertEquals(List.of(new Rejection(3, "c-1", "lifetime_value", "lifetime_value is too large a number")),
                rejections);
    }

    @Test
    void atMostFiftyCustomAttributes() throws Exception {
        StringBuilder json = new StringBuilder(VALID_CONTACT.substring(0, VALID_CONTACT.length() - 1));
        for (int i = 0; i < 51; i++) {
            json.append(", \"attr_").append(i).append("\": \"v\"");
        }
        json.append('}');

        assertEquals(List.of(new Rejection(0, "c-1", null, "at most 50 custom attributes")),
                rejected(EntitySchema.CONTACT, json.toString(), 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"c-1\"", "42", "null"})
    void anInputThatIsNotAnObjectIsRejected(String json) throws Exception {
        assertEquals(List.of(new Rejection(5, null, null, "each contact must be a JSON object")),
                rejected(EntitySchema.CONTACT, json, 5));
    }

    @Test
    void aJavaNullInputIsRejected() {
        RecordValidator.Result result = RecordValidator.validate(EntitySchema.ACCOUNT, null, 0);

        assertEquals(List.of(new Rejection(0, null, null, "each account must be a JSON object")),
                assertInstanceOf(RecordValidator.Rejected.class, result).rejections());
    }

    @Test
    void everyProblemOfARowIsReportedTogether() throws Exception {
        List<Rejection> rejections = rejected(EntitySchema.ACCOUNT, """
                {"account_id": "a-9", "arr": "1,200", "renewal_date": "02/03/2026", "licenses_purchased": -3,
                 "health_score": 140, "billing_period": "weekly", "Bad-Name": 1}""", 12);

        assertEquals(Map.of(
                "name", "name is required",
                "arr", "arr '1,200' is not a number; use digits with an optional '.' for decimals, no thousands"
                        + " separators or currency symbols",
                "renewal_date", "renewal_date '02/03/2026' is ambiguous (day and month order is unclear); use YYYY-MM-DD",
                "licenses_purchased", "licenses_purchased '-3' must be a whole number, 0 or more",
                "health_score", "health_score '140' must be between 0 and 100",
                "billing_period", "billing_period 'weekly' is not a billing period; use monthly or annual",
                "Bad-Name", "custom attribute name 'Bad-Name' must start with a lowercase letter and use only a-z,"
                        + " 0-9 and _ (at most 64)"), messagesByColumn(rejections));
        assertEquals(7, rejections.size());
        rejections.forEach(rejection -> {
            assertEquals(12, rejection.row());
            assertEquals("a-9", rejection.id());
        });
    }

    @Test
    void aValidAccountIsNormalised() throws Exception {
        EntityRecord record = accepted(EntitySchema.ACCOUNT, """
                {"account_id": "a-1", "name": "Acme", "arr": 120000, "renewal_date": "2027-01-31",
                 "billing_period": "Annual", "licenses_purchased": "50", "licenses_used": 12,
                 "products": "Analytics; Reporting;", "health_score": 72.5}""");

        assertEquals("a-1", record.id());
        assertEquals(new BigDecimal("120000"), record.get("arr"));
        assertEquals("2027-01-31", record.get("renewal_date"));
        assertEquals("annual", record.get("billing_period"));
        assertEquals(new BigDecimal("50"), record.get("licenses_purchased"));
        assertEquals(new BigDecimal("12"), record.get("licenses_used"));
        assertEquals(List.of("Analytics", "Reporting"), record.get("products"));
        assertEquals(new BigDecimal("72.5"), record.get("health_score"));
    }
}
