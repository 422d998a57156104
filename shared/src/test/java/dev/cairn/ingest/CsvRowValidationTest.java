package dev.cairn.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CSV rows validated by column ({@link RecordValidator#validate(CsvColumns, String[], int)}): each field type with a
 * good and a bad cell, and the same result as the JSON path gives for an object of the row's non-blank cells as text
 * (what the CSV path built per row before).
 */
class CsvRowValidationTest {

    private record File(CsvColumns columns, List<CsvRows.Row> rows) {
    }

    private static File read(EntitySchema schema, String csv) {
        List<CsvRows.Row> rows = new ArrayList<>();
        try (CsvRows reader = CsvRows.open(new StringReader(csv), schema)) {
            reader.forEachRemaining(rows::add);
            return new File(reader.columns(), rows);
        }
    }

    /** The row as the JSON object of its non-blank cells, as text, by normalised column name. */
    private static ObjectNode asJson(CsvColumns columns, CsvRows.Row row) {
        ObjectNode object = Json.object();
        for (int i = 0; i < columns.count(); i++) {
            if (row.cells()[i] != null) {
                object.put(columns.name(i), row.cells()[i]);
            }
        }
        return object;
    }

    /** Validates every row both ways, asserts the two agree, and returns the CSV path's results. */
    private static List<RecordValidator.Result> validate(EntitySchema schema, String csv) {
        File file = read(schema, csv);
        List<RecordValidator.Result> results = new ArrayList<>();
        for (CsvRows.Row row : file.rows()) {
            RecordValidator.Result byColumn = RecordValidator.validate(file.columns(), row.cells(), row.number());
            assertEquals(RecordValidator.validate(schema, asJson(file.columns(), row), row.number()), byColumn,
                    "row " + row.number() + " as a JSON object");
            results.add(byColumn);
        }
        return results;
    }

    private static final String LONG = "x".repeat(2_001);

    static Stream<Arguments> everyFieldType() {
        return Stream.of(
                Arguments.of(FieldType.TEXT, EntitySchema.ACCOUNT, "account_id,name,CSM", "a-1,Acme,\" Ann Lee \"",
                        "csm_owner", "Ann Lee", "a-1,Acme," + LONG, "csm_owner is longer than 2000 characters"),
                Arguments.of(FieldType.NAME, EntitySchema.METRIC, "account_id,Metric Name,date,value",
                        "a-1,queries_30d,2026-03-01,4", "metric", "queries_30d", "a-1,Queries 30d,2026-03-01,4",
                        "metric 'Queries 30d' must start with a lowercase letter and use only a-z, 0-9 and _ (at most"
                                + " 64), such as queries_30d"),
                Arguments.of(FieldType.EMAIL, EntitySchema.CONTACT, "contact_id,account_id,E-mail",
                        "c-1,a-1,Ann@Example.com", "email", "Ann@Example.com", "c-1,a-1,ann at example.com",
                        "email 'ann at example.com' is not an email address"),
                Arguments.of(FieldType.DATE, EntitySchema.ACCOUNT, "account_id,name,Renewal", "a-1,Acme,2027-01-31",
                        "renewal_date", "2027-01-31", "a-1,Acme,02/03/2026",
                        "renewal_date '02/03/2026' is ambiguous (day and month order is unclear); use YYYY-MM-DD"),
                Arguments.of(FieldType.TIMESTAMP, EntitySchema.EVENT, "account_id,event,Occurred At",
                        "a-1,login,2026-03-01T15:30:00+01:00", "timestamp", "2026-03-01T14:30:00Z", "a-1,login,yesterday",
                        "timestamp 'yesterday' is not a timestamp; use ISO-8601 with a zone, such as 2026-03-01T14:30:00Z"),
                Arguments.of(FieldType.DECIMAL, EntitySchema.ACCOUNT, "account_id,name,ARR", "a-1,Acme,120000.50",
                        "arr", new BigDecimal("120000.5"), "a-1,Acme,\"1,200\"", "arr '1,200' is not a number; use digits"
                                + " with an optional '.' for decimals, no thousands separators or currency symbols"),
                Arguments.of(FieldType.COUNT, EntitySchema.ACCOUNT, "account_id,name,Seats", "a-1,Acme,50.0",
                        "licenses_purchased", new BigDecimal("50"), "a-1,Acme,2.5",
                        "licenses_purchased '2.5' must be a whole number, 0 or more"),
                Arguments.of(FieldType.BOOLEAN, EntitySchema.CONTACT, "contact_id,account_id,email,Champion",
                        "c-1,a-1,a@b.co,Yes", "is_champion", true, "c-1,a-1,a@b.co,maybe",
                        "is_champion 'maybe' is not a yes/no value; use true/false, yes/no or 1/0"),
                Arguments.of(FieldType.SCORE, EntitySchema.ACCOUNT, "account_id,name,Health", "a-1,Acme,72.5",
                        "health_score", new BigDecimal("72.5"), "a-1,Acme,140", "health_score '140' must be between 0 and 100"),
                Arguments.of(FieldType.LIST, EntitySchema.ACCOUNT, "account_id,name,products", "a-1,Acme,Analytics; Reporting;",
                        "products", List.of("Analytics", "Reporting"), "a-1,Acme," + LONG,
                        "products is longer than 2000 characters"),
                Arguments.of(FieldType.TIMEZONE, EntitySchema.CONTACT, "contact_id,account_id,email,TZ",
                        "c-1,a-1,a@b.co,Europe/Paris", "timezone", "Europe/Paris", "c-1,a-1,a@b.co,Paris",
                        "timezone 'Paris' is not a time zone; use an IANA name such as Europe/Paris or America/New_York"),
                Arguments.of(FieldType.LOCALE, EntitySchema.CONTACT, "contact_id,account_id,email,Language",
                        "c-1,a-1,a@b.co,fr_ca", "locale", "fr-CA", "c-1,a-1,a@b.co,français",
                        "locale 'français' is not a locale; use a BCP 47 tag such as en-US or fr-CA"),
                Arguments.of(FieldType.BILLING_PERIOD, EntitySchema.ACCOUNT, "account_id,name,Billing Period",
                        "a-1,Acme,Annual", "billing_period", "annual", "a-1,Acme,yearly",
                        "billing_period 'yearly' is not a billing period; use monthly or annual"),
                Arguments.of(FieldType.PROPERTIES, EntitySchema.EVENT, "account_id,event,timestamp,properties",
                        "a-1,login,2026-03-01T14:30:00Z,\"{\"\"feature\"\": \"\"alerts\"\"}\"", "properties",
                        "{\"feature\":\"alerts\"}", "a-1,login,2026-03-01T14:30:00Z,\"[\"\"alerts\"\"]\"",
                        "properties must be a JSON object, such as {\"feature\": \"alerts\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFieldType")
    void eachFieldTypeIsNormalisedOrRejectedAsTheJsonPathDoes(FieldType type, EntitySchema schema, String header,
                                                              String good, String field, Object normalised, String bad,
                                                              String message) {
        assertEquals(type, schema.fields().get(field), "the case covers its type");
        List<RecordValidator.Result> results = validate(schema, header + "\r\n" + good + "\r\n" + bad + "\r\n");

        EntityRecord record = assertInstanceOf(RecordValidator.Accepted.class, results.get(0)).record();
        assertEquals(normalised, record.get(field));
        assertEquals(Map.of(), record.custom());
        assertEquals(Set.of(), record.cleared(), "a CSV row clears nothing");
        List<Rejection> rejections = assertInstanceOf(RecordValidator.Rejected.class, results.get(1)).rejections();
        assertEquals(1, rejections.size(), rejections::toString);
        assertEquals(3, rejections.get(0).row());
        assertEquals(field, rejections.get(0).column());
        assertEquals(message, rejections.get(0).message());
    }

    @Test
    void propertiesThatAreNotJsonAreRejectedWithTheParsersReason() {
        List<RecordValidator.Result> results = validate(EntitySchema.EVENT,
                "account_id,event,timestamp,properties\na-1,login,2026-03-01T14:30:00Z,{feature\n");

        Rejection rejection = assertInstanceOf(RecordValidator.Rejected.class, results.get(0)).rejections().get(0);
        assertTrue(rejection.message().startsWith("properties is not JSON: "), rejection.message());
        assertEquals("a-1|login|2026-03-01T14:30:00Z", rejection.id(), "the key fields as given");
    }

    @Test
    void blankCellsAreMissingAndARequiredOneIsRejected() {
        List<RecordValidator.Result> results = validate(EntitySchema.CONTACT,
                "contact_id,account_id,email,first_name,team\nc-1,a-1,a@b.co,  ,\nc-2,a-1,   ,Bo,Ops\n,a-1,,,\n");

        EntityRecord first = assertInstanceOf(RecordValidator.Accepted.class, results.get(0)).record();
        assertEquals(Map.of("contact_id", "c-1", "account_id", "a-1", "email", "a@b.co"), first.values());
        assertEquals(List.of(new Rejection(3, "c-2", "email", "email is required")),
                assertInstanceOf(RecordValidator.Rejected.class, results.get(1)).rejections());
        List<Rejection> neither = assertInstanceOf(RecordValidator.Rejected.class, results.get(2)).rejections();
        assertEquals(Set.of("contact_id", "email"), neither.stream().map(Rejection::column).collect(
                java.util.stream.Collectors.toSet()));
        neither.forEach(r -> assertEquals(null, r.id(), "no id given"));
    }

    @Test
    void otherColumnsAreCustomAttributesKeptAsGivenAndBadNamesAreRejected() {
        List<RecordValidator.Result> results = validate(EntitySchema.CONTACT,
                "contact_id,account_id,email,Favourite Feature,NPS (2025),,Notes\n"
                        + "c-1,a-1,a@b.co, dashboards ,,ignored,\n"
                        + "c-2,a-1,a@b.co,alerts,9,,x\n");

        EntityRecord first = assertInstanceOf(RecordValidator.Accepted.class, results.get(0)).record();
        assertEquals(Map.of("favourite_feature", " dashboards "), first.custom(), "unnamed columns are ignored");
        assertEquals(List.of(new Rejection(3, "c-2", "nps_(2025)", "custom attribute name 'nps_(2025)' must start with a"
                        + " lowercase letter and use only a-z, 0-9 and _ (at most 64)")),
                assertInstanceOf(RecordValidator.Rejected.class, results.get(1)).rejections());
    }

    @Test
    void atMostFiftyCustomAttributes() {
        StringBuilder header = new StringBuilder("contact_id,account_id,email");
        StringBuilder row = new StringBuilder("c-1,a-1,a@b.co");
        for (int i = 0; i < 51; i++) {
            header.append(",attr_").append(i);
            row.append(",v");
        }
        List<RecordValidator.Result> results = validate(EntitySchema.CONTACT, header + "\n" + row + "\n");

        assertEquals(List.of(new Rejection(2, "c-1", null, "at most 50 custom attributes")),
                assertInstanceOf(RecordValidator.Rejected.class, results.get(0)).rejections());
    }

    @Test
    void everyProblemOfARowIsReportedWithTheKeyFieldsAsGiven() {
        List<RecordValidator.Result> results = validate(EntitySchema.METRIC,
                "Account,metric,date,value,contact\n a-1 ,Bad Name,2026-13-01,lots,\n");

        List<Rejection> rejections = assertInstanceOf(RecordValidator.Rejected.class, results.get(0)).rejections();
        assertEquals(List.of("metric", "date", "value"), rejections.stream().map(Rejection::column).toList());
        rejections.forEach(r -> assertEquals("a-1|Bad Name|2026-13-01", r.id()));
    }

    @Test
    void aValidRowWithSeveralKeyFieldsHasItsIdFromTheNormalisedValues() {
        EntityRecord record = assertInstanceOf(RecordValidator.Accepted.class, validate(EntitySchema.METRIC,
                "account_id,metric,date,value,contact_id\na-1,queries,2026-03-01T23:00:00Z,12.0,c-1\n").get(0)).record();

        assertEquals("a-1|queries|2026-03-01|c-1", record.id());
        assertEquals(new BigDecimal("12"), record.get("value"));
    }
}
