package dev.cairn.render;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

/** Numbers, percentages, money and dates as a contact's locale writes them, dates in the contact's time zone. */
public final class LocaleFormat {

    private LocaleFormat() {
    }

    public static Locale locale(Object tag) {
        if (tag == null || tag.toString().isBlank()) {
            return Locale.ENGLISH;
        }
        Locale locale = Locale.forLanguageTag(tag.toString().replace('_', '-'));
        return locale.getLanguage().isEmpty() ? Locale.ENGLISH : locale;
    }

    public static ZoneId zone(Object id) {
        try {
            return id == null ? ZoneId.of("UTC") : ZoneId.of(id.toString());
        } catch (java.time.DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    /** Null when the value is not a number, so a template shows nothing rather than a wrong figure. */
    public static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        try {
            return value == null ? null : new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static String number(Object value, Locale locale, int maxDecimals) {
        BigDecimal number = decimal(value);
        if (number == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMaximumFractionDigits(maxDecimals);
        return format.format(number);
    }

    /** A ratio (0.8) as a percentage (80 %). */
    public static String percent(Object ratio, Locale locale) {
        BigDecimal number = decimal(ratio);
        if (number == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getPercentInstance(locale);
        format.setMaximumFractionDigits(0);
        return format.format(number);
    }

    public static String currency(Object value, String code, Locale locale) {
        BigDecimal number = decimal(value);
        if (number == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        try {
            format.setCurrency(Currency.getInstance(code == null ? "USD" : code.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            format.setCurrency(Currency.getInstance("USD"));
        }
        if (number.stripTrailingZeros().scale() <= 0) {
            format.setMaximumFractionDigits(0);
        }
        return format.format(number);
    }

    /** A date (YYYY-MM-DD) or an instant, in the contact's zone; style is short, medium, long or full. */
    public static String date(Object value, String style, Locale locale, ZoneId zone) {
        if (value == null) {
            return "";
        }
        FormatStyle formatStyle;
        try {
            formatStyle = FormatStyle.valueOf((style == null ? "long" : style).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            formatStyle = FormatStyle.LONG;
        }
        DateTimeFormatter formatter = DateTimeFormatter.ofLocalizedDate(formatStyle).withLocale(locale);
        String text = value.toString();
        try {
            return LocalDate.parse(text).format(formatter);
        } catch (DateTimeParseException notADate) {
            try {
                return Instant.parse(text).atZone(zone).toLocalDate().format(formatter);
            } catch (DateTimeParseException notAnInstant) {
                return text;
            }
        }
    }
}
