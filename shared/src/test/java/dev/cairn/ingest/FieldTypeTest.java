package dev.cairn.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldTypeTest {

    private static Object normalize(FieldType type, String text) throws FieldType.InvalidValue {
        return type.normalize("field", text);
    }

    private static Object normalizeJson(FieldType type, String json) throws Exception {
        return type.normalize("field", Json.parse(json));
    }

    private static String rejection(FieldType type, String text) {
        return assertThrows(FieldType.InvalidValue.class, () -> type.normalize("field", text)).getMessage();
    }

    private static String jsonRejection(FieldType type, String json) throws Exception {
        JsonNode raw = Json.parse(json);
        return assertThrows(FieldType.InvalidValue.class, () -> type.normalize("field", raw)).getMessage();
    }

    // TEXT and the shared length limit

    @Test
    void textIsStripped() throws Exception {
        assertEquals("Ann Lee", normalize(FieldType.TEXT, "  Ann Lee \n"));
        assertEquals("42", normalizeJson(FieldType.TEXT, "42"));
    }

    @Test
    void textLongerThan2000CharactersIsRejected() throws Exception {
        assertEquals("x".repeat(2000), normalize(FieldType.TEXT, "x".repeat(2000)));
        assertEquals("field is longer than 2000 characters", rejection(FieldType.TEXT, "x".repeat(2001)));
    }

    @Test
    void aContainerIsNotASingleValue() throws Exception {
        assertEquals("field must be a single value, not a list", jsonRejection(FieldType.TEXT, "[\"a\"]"));
        assertEquals("field must be a single value, not an object", jsonRejection(FieldType.DECIMAL, "{\"a\": 1}"));
    }

    // EMAIL

    @ParameterizedTest
    @ValueSource(strings = {"ann@example.com", "ann.lee+cs@mail.example.co.uk", "a@b.c", "a@.b.c", "a@b..c", "é@exämple.fr"})
    void emailAddressesAreAccepted(String email) throws Exception {
        assertEquals(email, normalize(FieldType.EMAIL, " " + email + " "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann", "ann@example", "ann@@example.com", "ann lee@example.com", "<ann@example.com>",
            "\"ann\"@example.com", "@example.com", "ann@.com", "ann@example.", "ann@example.com@x.io", "ann@ex\tample.com",
            "ann@exa\u000Bmple.com", "ann@example.c>m"})
    void malformedEmailAddressesAreRejected(String email) {
        assertEquals("field '" + email + "' is not an email address", rejection(FieldType.EMAIL, email));
    }

    // DATE

    @Test
    void isoDatesAreAccepted() throws Exception {
        assertEquals("2026-02-28", normalize(FieldType.DATE, "2026-02-28"));
        assertEquals("2024-02-29", normalize(FieldType.DATE, "2024-02-29"));
        assertEquals("2026-03-01", normalize(FieldType.DATE, "2026-03-01T14:30:00Z"), "a timestamp keeps its date");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-31", "2025-02-29", "2026-13-01", "March 1st", "2026/03/01", "20260301"})
    void impossibleOrUnreadableDatesAreRejected(String date) {
        assertEquals("field '" + date + "' is not a date; use YYYY-MM-DD", rejection(FieldType.DATE, date));
    }

    @ParameterizedTest
    @ValueSource(strings = {"31/02/2026", "02/03/2026", "2/3/26", "02.03.2026", "02-03-2026"})
    void dayMonthOrderDatesAreReportedAsAmbiguous(String date) {
        assertEquals("field '" + date + "' is ambiguous (day and month order is unclear); use YYYY-MM-DD",
                rejection(FieldType.DATE, date));
    }

    // TIMESTAMP

    @Test
    void timestampsWithAZoneAreNormalisedToUtc() throws Exception {
        assertEquals("2026-03-01T14:30:00Z", normalize(FieldType.TIMESTAMP, "2026-03-01T14:30:00Z"));
        assertEquals("2026-03-01T12:30:00Z", normalize(FieldType.TIMESTAMP, "2026-03-01T14:30:00+02:00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-01T14:30:00", "2026-03-01", "yesterday"})
    void timestampsWithoutAZoneAreRejected(String timestamp) {
        assertEquals("field '" + timestamp + "' is not a timestamp; use ISO-8601 with a zone, such as 2026-03-01T14:30:00Z",
                rejection(FieldType.TIMESTAMP, timestamp));
    }

    // DECIMAL, COUNT, SCORE

    @Test
    void decimalsAreNormalised() throws Exception {
        assertEquals(new BigDecimal("1.5"), normalize(FieldType.DECIMAL, "1.50"));
        assertEquals(new BigDecimal("1200"), normalize(FieldType.DECIMAL, "1200"));
        assertEquals(new BigDecimal("1200"), normalize(FieldType.DECIMAL, "1.2e3"));
        assertEquals(new BigDecimal("-3.25"), normalize(FieldType.DECIMAL, "-3.25"));
        assertEquals(new BigDecimal("99.9"), normalizeJson(FieldType.DECIMAL, "99.90"));
        assertEquals(new BigDecimal("120000"), normalizeJson(FieldType.DECIMAL, "120000"));
        assertEquals("120000", ((BigDecimal) normalizeJson(FieldType.DECIMAL, "120000")).toString(),
                "no exponent notation for whole numbers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,000", "1 000", "$5", "5 EUR", "12k", "", "1.000,50"})
    void numbersWithSeparatorsOrSymbolsAreRejected(String number) {
        assertEquals("field '" + number + "' is not a number; use digits with an optional '.' for decimals,"
                + " no thousands separators or currency symbols", rejection(FieldType.DECIMAL, number));
    }

    @Test
    void countsAreWholeNumbersZeroOrMore() throws Exception {
        assertEquals(new BigDecimal("0"), normalize(FieldType.COUNT, "0"));
        assertEquals(new BigDecimal("25"), normalize(FieldType.COUNT, "25"));
        assertEquals(new BigDecimal("25"), normalize(FieldType.COUNT, "25.00"));
        assertEquals(new BigDecimal("25"), normalizeJson(FieldType.COUNT, "25"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "2.5", "0.1"})
    void negativeOrFractionalCountsAreRejected(String count) throws Exception {
        assertEquals("field '" + count + "' must be a whole number, 0 or more", rejection(FieldType.COUNT, count));
        assertEquals("field '" + count + "' must be a whole number, 0 or more", jsonRejection(FieldType.COUNT, count));
    }

    @Test
    void scoresFromZeroToOneHundredAreAccepted() throws Exception {
        assertEquals(new BigDecimal("0"), normalize(FieldType.SCORE, "0"));
        assertEquals(new BigDecimal("72.5"), normalize(FieldType.SCORE, "72.5"));
        assertEquals(new BigDecimal("100"), normalizeJson(FieldType.SCORE, "100.0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.1", "100.01", "101", "1000"})
    void scoresOutsideZeroToOneHundredAreRejected(String score) throws Exception {
        assertEquals("field '" + score + "' must be between 0 and 100", rejection(FieldType.SCORE, score));
        assertEquals("field '" + score + "' must be between 0 and 100", jsonRejection(FieldType.SCORE, score));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e126", "1e-131", "1.234567890123456789012345678901234567891", "1e999999999"})
    void numbersDynamoDbCannotStoreAreRejected(String number) {
        // 1e999999999 used to be expanded by setScale(0) into a billion digits.
        String message = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> rejection(FieldType.DECIMAL, number));

        assertEquals("field '" + number + "' cannot be stored; use at most 38 significant digits, between 1E-130"
                + " and 1E+126", message);
    }

    @Test
    void numbersAtTheEdgeOfWhatDynamoDbStoresAreAccepted() throws Exception {
        assertEquals(new BigDecimal("1e125").setScale(0), normalize(FieldType.DECIMAL, "1e125"));
        assertEquals(new BigDecimal("1e-130"), normalize(FieldType.DECIMAL, "1e-130"));
        assertEquals(new BigDecimal("1.2345678901234567890123456789012345678"),
                normalize(FieldType.DECIMAL, "1.2345678901234567890123456789012345678"));
    }

    @Test
    void aJsonNumberTooLargeForADoubleIsRejectedNotThrown() throws Exception {
        // Jackson reads 1e400 as an infinite double; its decimalValue() threw NumberFormatException.
        assertEquals("field is too large a number", jsonRejection(FieldType.DECIMAL, "1e400"));
        assertEquals("field is too large a number", jsonRejection(FieldType.COUNT, "-1e400"));
    }

    // BOOLEAN

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "Yes,true", "y,true", "1,true",
            "false,false", "False,false", "NO,false", "n,false", "0,false"})
    void yesNoWordsAreBooleansInAnyCase(String text, boolean expected) throws Exception {
        assertEquals(expected, normalize(FieldType.BOOLEAN, text));
    }

    @Test
    void jsonBooleansAndNumbersAreBooleans() throws Exception {
        assertEquals(Boolean.TRUE, normalizeJson(FieldType.BOOLEAN, "true"));
        assertEquals(Boolean.FALSE, normalizeJson(FieldType.BOOLEAN, "false"));
        assertEquals(Boolean.TRUE, normalizeJson(FieldType.BOOLEAN, "1"));
        assertEquals(Boolean.FALSE, normalizeJson(FieldType.BOOLEAN, "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "maybe", "oui", "t"})
    void otherWordsAreNotBooleans(String text) {
        assertEquals("field '" + text + "' is not a yes/no value; use true/false, yes/no or 1/0",
                rejection(FieldType.BOOLEAN, text));
    }

    // LIST

    @Test
    void aListFromTextSplitsOnSemicolonsAndDropsEmptyItems() throws Exception {
        assertEquals(List.of("a", "b"), normalize(FieldType.LIST, "a; b;"));
        assertEquals(List.of("Analytics", "Reporting"), normalize(FieldType.LIST, " Analytics ;; Reporting "));
        assertEquals(List.of(), normalize(FieldType.LIST, ";"));
    }

    @Test
    void aListFromAJsonArray() throws Exception {
        assertEquals(List.of("a", "b", "3", "true"), normalizeJson(FieldType.LIST, "[\" a \", \"b\", \"\", 3, true]"));
    }

    @Test
    void aJsonArrayOfNonScalarsIsNotAList() throws Exception {
        assertEquals("field must be a list of names", jsonRejection(FieldType.LIST, "[\"a\", {\"b\": 1}]"));
        assertEquals("field must be a list of names", jsonRejection(FieldType.LIST, "[\"a\", null]"));
        assertEquals("field must be a list of names", jsonRejection(FieldType.LIST, "[[\"a\"]]"));
    }

    // TIMEZONE, LOCALE, BILLING_PERIOD

    @Test
    void timeZonesAreIanaIds() throws Exception {
        assertEquals("Europe/Paris", normalize(FieldType.TIMEZONE, "Europe/Paris"));
        assertEquals("America/New_York", normalize(FieldType.TIMEZONE, " America/New_York "));
        assertEquals("UTC", normalize(FieldType.TIMEZONE, "UTC"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus_Mons", "Paris", "europe paris"})
    void unknownTimeZonesAreRejected(String zone) {
        assertEquals("field '" + zone + "' is not a time zone; use an IANA name such as Europe/Paris or America/New_York",
                rejection(FieldType.TIMEZONE, zone));
    }

    @Test
    void localesAreNormalisedBcp47Tags() throws Exception {
        assertEquals("en-US", normalize(FieldType.LOCALE, "en-US"));
        assertEquals("en-US", normalize(FieldType.LOCALE, "en_us"));
        assertEquals("fr-CA", normalize(FieldType.LOCALE, "FR-ca"));
        assertEquals("de", normalize(FieldType.LOCALE, "de"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a locale", "123", "x-private", "en-US-!"})
    void malformedLocalesAreRejected(String locale) {
        assertEquals("field '" + locale + "' is not a locale; use a BCP 47 tag such as en-US or fr-CA",
                rejection(FieldType.LOCALE, locale));
    }

    @Test
    void billingPeriodsAreMonthlyOrAnnual() throws Exception {
        assertEquals("monthly", normalize(FieldType.BILLING_PERIOD, "Monthly"));
        assertEquals("annual", normalize(FieldType.BILLING_PERIOD, "ANNUAL"));
        assertEquals("field 'yearly' is not a billing period; use monthly or annual",
                rejection(FieldType.BILLING_PERIOD, "yearly"));
    }
}
