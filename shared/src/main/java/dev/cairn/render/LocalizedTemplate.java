package dev.cairn.render;

import dev.cairn.program.Localized;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The compiled variants of one piece of localized program text; renders the variant for a contact's locale. */
public record LocalizedTemplate(String file, Map<String, LiquidTemplate> variants) {

    /** How a variant is compiled: escaped HTML, or plain text. */
    interface Compiler {
        LiquidTemplate compile(String file, String source);
    }

    static LocalizedTemplate compile(String file, Localized text, Compiler compiler, List<String> problems) {
        if (text == null) {
            return null;
        }
        Map<String, LiquidTemplate> variants = new LinkedHashMap<>();
        text.variants().forEach((tag, source) -> {
            String where = text.variants().size() == 1 ? file : file + "[" + tag + "]";
            try {
                variants.put(tag, compiler.compile(where, source));
            } catch (LiquidEngine.TemplateSyntaxException e) {
                problems.add(e.getMessage());
            }
        });
        return new LocalizedTemplate(file, variants);
    }

    public String render(LiquidEngine liquid, String locale, Map<String, Object> variables) {
        String tag = Localized.pick(variants.keySet(), locale);
        return liquid.render(file, variants.get(tag), variables);
    }
}
