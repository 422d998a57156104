package dev.cairn.program;

import java.util.Locale;
import java.util.Map;

/**
 * Program text with locale variants: {@code title: "Your quarter"} or
 * {@code title: {default: "Your quarter", fr: "Votre trimestre", fr-CA: "Votre trimestre au Québec"}}.
 * Each variant is Liquid.
 */
public record Localized(Map<String, String> variants) {

    public static final String DEFAULT = "default";

    public static Localized of(String text) {
        return new Localized(Map.of(DEFAULT, text));
    }

    public String defaultText() {
        return variants.get(DEFAULT);
    }

    /** The variant for {@code locale}: fr-CA falls back to fr, then to the default. Tags match case-insensitively. */
    public static String pick(Iterable<String> available, String locale) {
        String tag = locale == null ? "" : locale.replace('_', '-').toLowerCase(Locale.ROOT);
        while (!tag.isEmpty()) {
            for (String key : available) {
                if (key.toLowerCase(Locale.ROOT).equals(tag)) {
                    return key;
                }
            }
            int dash = tag.lastIndexOf('-');
            tag = dash < 0 ? "" : tag.substring(0, dash);
        }
        return DEFAULT;
    }
}
