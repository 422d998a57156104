package dev.cairn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The value types of ingested fields. Each turns a raw JSON value (or CSV cell, as text) into Cairn's
 * normalised form — String, BigDecimal, Boolean or List&lt;String&gt; — or explains, for a CS-ops reader,
 * why it cannot.
 */
public enum FieldType {
    TEXT, NAME, EMAIL, DATE, TIMESTAMP, DECIMAL, COUNT, BOOLEAN, SCORE, LIST, TIMEZONE, LOCALE, BILLING_PERIOD, PROPERTIES;

    private static final Pattern DMY_OR_MDY = Pattern.compile("^\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}$");
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "y", "1");
    private static final Set<String> FALSE_WORDS = Set.of("false", "no", "n", "0");
    private static final int MAX_TEXT_LENGTH = 2_000;
    /** The numbers DynamoDB can store: 38 significant digits, magnitude from 1E-130 to under 1E+126. */
    private static final int MAX_DIGITS = 38;
    private static final int MIN_EXPONENT = -130;
    private static final int MAX_EXPONENT = 125;

    /** Thrown with a message that names the field and the value, and says what would be accepted. */
    public static final class InvalidValue extends Exception {
        public InvalidValue(String message) {
            super(message, null, false, false);
        }
    }

    public Object normalize(String field, JsonNode raw) throws InvalidValue {
        if (raw.isTextual()) {
            return normalizeText(field, raw.textValue());
        }
        if (this == PROPERTIES) {
            return properties(field, raw);
        }
        if (this == LIST && raw.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : raw) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new InvalidValue(field + " must be a list of names");
                }
                String text = item.asText().strip();
                if (!text.isEmpty()) {
                    items.add(text);
                }
            }
            return List.copyOf(items);
        }
        if (raw.isContainerNode()) {
            throw new InvalidValue(field + " must be a single value, not " + (raw.isArray() ? "a list" : "an object"));
        }
        if (this == BOOLEAN && raw.isBoolean()) {
            return raw.booleanValue();
        }
        if ((this == DECIMAL || this == COUNT || this == SCORE) && raw.isNumber()) {
            if (!Double.isFinite(raw.doubleValue())) {
                // Jackson reads 1e400 as an infinite double, which has no decimal value.
                throw new InvalidValue(field + " is too large a number");
            }
            return checkNumber(field, raw.decimalValue(), raw.asText());
        }
        return normalize(field, raw.asText());
    }

    /**
     * A value given as text (a CSV cell, a JSON string): properties are JSON text, any other type as
     * {@link #normalize(String, String)}.
     */
    public Object normalizeText(String field, String text) throws InvalidValue {
        return this == PROPERTIES ? properties(field, parseObject(field, text)) : normalize(field, text);
    }

    public Object normalize(String field, String text) throws InvalidValue {
        String value = text.strip();
        if (value.length() > MAX_TEXT_LENGTH) {
            throw new InvalidValue(field + " is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        switch (this) {
            case TEXT:
                return value;
            case NAME:
                if (!isName(value)) {
                    throw new InvalidValue(field + " '" + value + "' must start with a lowercase letter and use only"
                            + " a-z, 0-9 and _ (at most 64), such as queries_30d");
                }
                return value;
            case PROPERTIES:
                return properties(field, parseObject(field, value));
            case EMAIL:
                if (!isEmail(value)) {
                    throw new InvalidValue(field + " '" + value + "' is not an email address");
                }
                return value;
            case DATE:
                return parseDate(field, value).toString();
            case TIMESTAMP:
                return parseTimestamp(field, value).toString();
            case DECIMAL:
            case COUNT:
            case SCORE:
                try {
                    return checkNumber(field, new BigDecimal(value), value);
                } catch (NumberFormatException e) {
                    throw new InvalidValue(field + " '" + value + "' is not a number; use digits with an optional"
                            + " '.' for decimals, no thousands separators or currency symbols");
                }
            case BOOLEAN: {
                String lower = value.toLowerCase(Locale.ROOT);
                if (TRUE_WORDS.contains(lower)) {
                    return Boolean.TRUE;
                }
                if (FALSE_WORDS.contains(lower)) {
                    return Boolean.FALSE;
                }
                throw new InvalidValue(field + " '" + value + "' is not a yes/no value; use true/false, yes/no or 1/0");
            }
            case LIST: {
                List<String> items = new ArrayList<>();
                for (String item : value.split(";")) {
                    if (!item.isBlank()) {
                        items.add(item.strip());
                    }
                }
                return List.copyOf(items);
            }
            case TIMEZONE:
                try {
                    String known = ZONES.get(value);
                    return known != null ? known : remember(ZONES, value, ZoneId.of(value).getId());
                } catch (DateTimeException e) {
                    throw new InvalidValue(field + " '" + value + "' is not a time zone; use an IANA name such as"
                            + " Europe/Paris or America/New_York");
                }
            case LOCALE:
                try {
                    String known = LOCALES.get(value);
                    if (known != null) {
                        return known;
                    }
                    Locale locale = new Locale.Builder().setLanguageTag(value.replace('_', '-')).build();
                    if (locale.getLanguage().isEmpty()) {
                        throw new IllformedLocaleException("no language");
                    }
                    return remember(LOCALES, value, locale.toLanguageTag());
                } catch (IllformedLocaleException e) {
                    throw new InvalidValue(field + " '" + value + "' is not a locale; use a BCP 47 tag such as"
                            + " en-US or fr-CA");
                }
            case BILLING_PERIOD: {
                String lower = value.toLowerCase(Locale.ROOT);
                if (lower.equals("monthly") || lower.equals("annual")) {
                    return lower;
                }
                throw new InvalidValue(field + " '" + value + "' is not a billing period; use monthly or annual");
            }
            default:
                throw new IllegalStateException(name());
        }
    }

    /**
     * {@code [a-z][a-z0-9_]{0,63}}: a name usable in Liquid ({@code contact.favourite_color}) and as an item
     * attribute. Checked for every cell of an import, so by hand rather than with a regular expression.
     */
    public static boolean isName(String value) {
        if (value.isEmpty() || value.length() > 64 || value.charAt(0) < 'a' || value.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code [^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+}: one @ with something before it, and a dot after it with
     * something on both sides; no space, angle bracket or double quote. By hand, as {@link #isName}.
     */
    static boolean isEmail(String value) {
        int at = -1;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '<' || c == '>'
                    || c == '"') {
                return false;
            }
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            }
        }
        if (at < 1) {
            return false;
        }
        int dot = value.indexOf('.', at + 2);
        return dot > 0 && dot < value.length() - 1;
    }

    /**
     * Time zones and locales, each distinct value parsed once: an import repeats a few of them on every row, and
     * parsing one costs more than the rest of the row. Bounded, so that odd values cannot grow it without limit.
     */
    private static final int MAX_REMEMBERED = 1_000;
    private static final Map<String, String> ZONES = new ConcurrentHashMap<>();
    private static final Map<String, String> LOCALES = new ConcurrentHashMap<>();

    private static String remember(Map<String, String> known, String value, String normalized) {
        if (known.size() < MAX_REMEMBERED) {
            known.put(value, normalized);
        }
        return normalized;
    }

    /** Event properties are kept as compact JSON text: an object of at most 4,000 characters. */
    private static String properties(String field, JsonNode node) throws InvalidValue {
        if (!node.isObject()) {
            throw new InvalidValue(field + " must be a JSON object, such as {\"feature\": \"alerts\"}");
        }
        String json = node.toString();
        if (json.length() > 4_000) {
            throw new InvalidValue(field + " is longer than 4000 characters of JSON");
        }
        return json;
    }

    private static JsonNode parseObject(String field, String text) throws InvalidValue {
        try {
            return dev.cairn.json.Json.parse(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidValue(field + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private Object checkNumber(String field, BigDecimal number, String shown) throws InvalidValue {
        if (this == COUNT && (number.signum() < 0 || number.stripTrailingZeros().scale() > 0)) {
            throw new InvalidValue(field + " '" + shown + "' must be a whole number, 0 or more");
        }
        if (this == SCORE && (number.compareTo(BigDecimal.ZERO) < 0 || number.compareTo(BigDecimal.valueOf(100)) > 0)) {
            throw new InvalidValue(field + " '" + shown + "' must be between 0 and 100");
        }
        BigDecimal stripped = number.stripTrailingZeros();
        long exponent = (long) stripped.precision() - stripped.scale() - 1;
        if (stripped.signum() != 0 && (stripped.precision() > MAX_DIGITS || exponent < MIN_EXPONENT
                || exponent > MAX_EXPONENT)) {
            // Also keeps setScale(0) below from expanding 1e999999999 into a billion digits.
            throw new InvalidValue(field + " '" + shown + "' cannot be stored; use at most " + MAX_DIGITS
                    + " significant digits, between 1E" + MIN_EXPONENT + " and 1E+" + (MAX_EXPONENT + 1));
        }
        return stripped.scale() < 0 ? number.setScale(0) : stripped;
    }

    private static LocalDate parseDate(String field, String value) throws InvalidValue {
        if (DMY_OR_MDY.matcher(value).matches()) {
            throw new InvalidValue(field + " '" + value + "' is ambiguous (day and month order is unclear);"
                    + " use YYYY-MM-DD");
        }
        try {
            if (value.length() > 10 && value.charAt(10) == 'T') {
                // A full timestamp is accepted as its date; anything else after the T is not.
                return parseTimestamp(field, value).atOffset(java.time.ZoneOffset.UTC).toLocalDate();
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidValue(field + " '" + value + "' is not a date; use YYYY-MM-DD");
        }
    }

    private static Instant parseTimestamp(String field, String value) throws InvalidValue {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException again) {
                throw new InvalidValue(field + " '" + value + "' is not a timestamp; use ISO-8601 with a zone,"
                        + " such as 2026-03-01T14:30:00Z");
            }
        }
    }
}
