package dev.cairn.render;

import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Function;

/**
 * Cairn's own Liquid filters, written once for both engines ({@link CoreLiquid} and {@link LiqpEngine}): the
 * escape and raw pair, {@code safe_url}, and the filters that format for the contact's locale and time zone.
 */
final class LiquidFilters {

    private LiquidFilters() {
    }

    /** A filter: the value, the arguments, the template's variables by name, and the engine's text of a value. */
    interface Filter {
        Object apply(Object value, Object[] params, Function<String, Object> variables, Function<Object, String> text);
    }

    /** Marks program-authored HTML that must not be escaped. */
    static final Filter RAW = (value, params, variables, text) -> value;

    /**
     * Liquid's {@code escape}, including the single quote: liqp's own filter leaves {@code '} as it is, so a value
     * inside a single-quoted attribute ({@code title='{{ contact.first_name }}'}) could close the attribute.
     */
    static final Filter ESCAPE = (value, params, variables, text) -> value instanceof SafeHtml safe ? safe.html()
            : text.apply(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\"", "&quot;").replace("'", "&#39;");

    /**
     * A URL for an href: kept when it is http, https or mailto, else {@code #}, so that {@code javascript:} or
     * {@code data:} from customer data cannot run. The automatic escape still applies after it.
     */
    static final Filter SAFE_URL = (value, params, variables, text) ->
            LiquidEngine.safeUrl(value == null ? "" : value.toString());

    static final Filter FORMAT_NUMBER = (value, params, variables, text) ->
            LocaleFormat.number(value, locale(variables), params.length > 0 ? digits(params[0]) : 2);

    static final Filter FORMAT_PERCENT = (value, params, variables, text) ->
            LocaleFormat.percent(value, locale(variables));

    static final Filter FORMAT_CURRENCY = (value, params, variables, text) -> LocaleFormat.currency(value,
            params.length > 0 ? String.valueOf(params[0]) : currencyOf(variables), locale(variables));

    static final Filter FORMAT_DATE = (value, params, variables, text) -> LocaleFormat.date(value,
            params.length > 0 ? String.valueOf(params[0]) : null, locale(variables),
            LocaleFormat.zone(variables.apply(LiquidEngine.TIMEZONE)));

    private static java.util.Locale locale(Function<String, Object> variables) {
        return LocaleFormat.locale(variables.apply(LiquidEngine.LOCALE));
    }

    private static String currencyOf(Function<String, Object> variables) {
        return variables.apply("account") instanceof Map<?, ?> account && account.get("currency") != null
                ? account.get("currency").toString() : "USD";
    }

    private static int digits(Object param) {
        BigDecimal number = LocaleFormat.decimal(param);
        return number == null ? 2 : Math.max(0, Math.min(6, number.intValue()));
    }
}
