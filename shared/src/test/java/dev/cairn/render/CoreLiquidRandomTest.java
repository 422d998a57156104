package dev.cairn.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Cairn's core Liquid against liqp on random templates from the core's grammar (and some just outside it), in HTML
 * and text, each rendered for variable sets that give every name every kind of value: the core never accepts what
 * liqp rejects, the engine renders what liqp renders, and the core's own output, when it gives one, is liqp's.
 * The seed is fixed, so a failure is reproducible; the message holds the template and the variables.
 */
class CoreLiquidRandomTest {

    /** Overridable to search further: {@code -Dcairn.liquidFuzz.seed=7 -Dcairn.liquidFuzz.templates=20000}. */
    private static final long SEED = Long.getLong("cairn.liquidFuzz.seed", 20261123);
    private static final int TEMPLATES = Integer.getInteger("cairn.liquidFuzz.templates", 1000);
    private static final int SETS_PER_TEMPLATE = 4;

    private final LiquidEngine engine = new LiquidEngine();
    private final LiquidEngine liqp = LiquidEngine.liqpOnly();

    /** The names templates read; each variable set gives each of them another kind of value. */
    private static final List<String> NAMES = List.of("a", "b", "c", "items", "obj");

    /** Values of every kind the core meets: text (hostile too), numbers of every class, booleans, nil, lists, maps. */
    private static List<Object> values() {
        Map<String, Object> withNil = new HashMap<>();
        withNil.put("a", null);
        withNil.put("b", "<b>bold</b>");
        return Arrays.asList(
                "ana", "<script>alert('x' + \"y\")</script> & <!-- c --> <style>s</style>", "O'Brien \"Bob\"", "", "  ",
                "12", "-3.50", "https://x.test/?a=1&b=2", "javascript:alert(1)", "2026-11-23", "Zoé ß",
                42L, -7L, 0L, 3, -12, 0.725, -0.25, 2.0, 1.0E20, 1.0E-7, Double.NaN,
                new BigDecimal("8"), new BigDecimal("0.8000"), new BigDecimal("1E-9"), new BigDecimal("1E+3"),
                new BigDecimal("-12.50"), new BigDecimal("1234.5"), new BigDecimal("1E+30"), new BigDecimal("0E-10"),
                new BigDecimal("-0.00"), Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE, Double.POSITIVE_INFINITY,
                -0.0, 1.5f,
                true, false, null,
                List.of("a", "<b>"), List.of(1L, 2L), List.of(), List.of(List.of("n"), List.of()),
                List.of(Map.of("a", "x", "b", 1L), Map.of("a", "<y>")), Arrays.asList("a", null), Arrays.asList(null, 3),
                List.of(true, 0.5, new BigDecimal("2.50"), new SafeHtml("<u>u</u>")),
                Map.of("a", "v", "b", 2L, "items", List.of("i")), Map.of(), withNil,
                Map.of("a", Map.of("a", "deep"), "items", Arrays.asList(null, "<i>"), "b", new BigDecimal("1E+2")),
                new SafeHtml("<i>kept</i>"));
    }

    /** Variable sets: in set k, name n has value k + 7n of the pool (so each name meets every kind), plus missing. */
    private static List<Map<String, Object>> variableSets() {
        List<Object> pool = values();
        List<Map<String, Object>> sets = new ArrayList<>();
        for (int k = 0; k < pool.size(); k++) {
            Map<String, Object> variables = new HashMap<>();
            for (int n = 0; n < NAMES.size(); n++) {
                if ((k + n) % 9 != 8) { // Now and then a name is missing, not nil.
                    variables.put(NAMES.get(n), pool.get((k + 7 * n) % pool.size()));
                }
            }
            if (k % 3 == 0) {
                variables.put(LiquidEngine.LOCALE, k % 2 == 0 ? "fr-FR" : "en-US");
                variables.put(LiquidEngine.TIMEZONE, "Europe/Paris");
            }
            sets.add(variables);
        }
        sets.add(new HashMap<>());
        return sets;
    }

    private static final List<String> READS = List.of("a", "b", "c", "items", "obj", "obj.a", "obj.b", "obj.items",
            "items[0]", "items[1]", "items.first", "items.last", "items.size", "a.size", "obj['a']", "obj.items[0]",
            "x", "y", "missing", "missing.deeper", "items[0].a", "a.first", "items[-1]", "obj[\"b\"]", "items[x]",
            "a?", "obj.size", "obj.first", "items.first.a", "z", "obj[a]", "x1", "_x", "X", "in", "with", "a-b");
    private static final List<String> LITERALS = List.of("'lit'", "\"dq\"", "''", "'<b>&'", "\"it's\"", "'say \"hi\"'",
            "5", "-2", "0", "true", "false", "nil", "'12'", "'2026-01-02'", "'EUR'", "2", "'short'");
    private static final List<String> FILTERS = List.of("default", "capitalize", "upcase", "downcase", "strip_html",
            "url_encode", "abs", "escape", "raw", "safe_url", "format_number", "format_percent", "format_currency",
            "format_date");
    private static final List<String> WITH_ARGUMENT = List.of("default", "format_number", "format_currency",
            "format_date");
    private static final List<String> OPERATORS = List.of("==", "!=", "<>", "<", ">", "<=", ">=", "contains");
    private static final List<String> TEXTS = List.of("a", " ", "  ", "\n", "\n  ", "\t", "'", "\"", "<p class=\"c\">",
            "</p>", "&amp;", "<script>x</script>", "é", "Hi ", ", ", "} ", "{x", "50%", "-", "<!-- c -->", ".", "\r\n");

    /** Text, tags and filters just outside the core: liqp's to compile and render. */
    private static final List<String> OUTSIDE = List.of("{%- if a -%}w{%- endif -%}", "{{- a -}}", "{{ a | truncate: 3 }}",
            "{% comment %}c{% endcomment %}", "{% for x in items %}{{ forloop.index }}{% endfor %}",
            "{% for i in (1..2) %}{{ i }}{% endfor %}", "{% raw %}{{ a }}{% endraw %}", "{{ b | plus: 1 }}",
            "{% increment n %}", "{% for x in items limit: 1 %}{{ x }}{% endfor %}", "{{ items | join: '-' }}",
            "{% case a %}{% when 'ana', 5 %}w{% endcase %}", "{% cycle 'p', 'q' %}", "{{ 1.5 }}", "{{ a | size }}",
            "{% for x in items reversed %}{{ x }}{% endfor %}", "{% if a %}{% break %}{% endif %}", "a }} b",
            "{{ (1..3) }}", "{% tablerow x in items %}{{ x }}{% endtablerow %}", "{{ a | default: b, allow_false: true }}");

    private final Random random = new Random(SEED);

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** A name to assign, capture or loop with: mostly one the template reads, now and then one Liquid reserves. */
    private String name() {
        return random.nextInt(8) > 0 ? pick(List.of("x", "y", "a", "z")) : pick(List.of("nil", "true", "empty",
                "blank", "in", "and", "contains", "with", "offset", "reversed", "if", "when", "else", "capture", "x1",
                "_x", "X", "a-b", "a?"));
    }

    private String value() {
        return random.nextInt(4) == 0 ? pick(LITERALS) : pick(READS);
    }

    /** Space inside a tag: mostly one, sometimes none, more, or a line break. */
    private String space() {
        return random.nextInt(6) > 0 ? " " : pick(List.of("", "  ", "\n", "\t", " \n "));
    }

    private String tag(String inside) {
        return "{%" + space() + inside + space() + "%}";
    }

    private String filters() {
        StringBuilder chain = new StringBuilder();
        for (int n = random.nextInt(4); n > 0; n--) {
            String filter = pick(FILTERS);
            chain.append(space()).append('|').append(space()).append(filter);
            if (WITH_ARGUMENT.contains(filter) && random.nextInt(3) > 0) {
                chain.append(random.nextInt(8) == 0 ? " :" : ":").append(space()).append(value());
                if (random.nextInt(8) == 0) {
                    chain.append(", ").append(value());
                }
            }
        }
        return chain.toString();
    }

    private String condition() {
        StringBuilder condition = new StringBuilder(value());
        if (random.nextBoolean()) {
            condition.append(' ').append(pick(OPERATORS)).append(' ')
                    .append(random.nextInt(6) == 0 ? pick(List.of("empty", "blank")) : value());
        }
        if (random.nextInt(4) == 0) {
            condition.append(random.nextBoolean() ? " and " : " or ").append(condition());
        }
        return condition.toString();
    }

    private String output() {
        return "{{" + space() + value() + filters() + space() + "}}";
    }

    private String block(int depth) {
        StringBuilder out = new StringBuilder();
        for (int n = 1 + random.nextInt(depth == 0 ? 3 : 2); n > 0; n--) {
            int kind = random.nextInt(depth > 1 ? 2 : 9);
            switch (kind) {
                case 0 -> out.append(pick(TEXTS));
                case 1 -> out.append(output());
                case 2 -> {
                    out.append(tag("if " + condition())).append(block(depth + 1));
                    for (int e = random.nextInt(2); e > 0; e--) {
                        out.append(tag("elsif " + condition())).append(block(depth + 1));
                    }
                    if (random.nextBoolean()) {
                        out.append(tag("else")).append(block(depth + 1));
                    }
                    out.append(tag("endif"));
                }
                case 3 -> out.append(tag("unless " + condition())).append(block(depth + 1)).append(tag("endunless"));
                case 4 -> {
                    out.append(tag("case " + value())).append(random.nextBoolean() ? "\n  " : "");
                    for (int w = 1 + random.nextInt(2); w > 0; w--) {
                        // Now and then two values: liqp's, not the core's.
                        String when = random.nextInt(12) == 0 ? value() + " or " + value() : value();
                        out.append(tag("when " + when)).append(block(depth + 1));
                    }
                    if (random.nextBoolean()) {
                        out.append(tag("else")).append(block(depth + 1));
                    }
                    out.append(tag("endcase"));
                }
                case 5 -> {
                    out.append(tag("for " + name() + " in "
                            + pick(List.of("items", "obj.items", "a", "b", "c", "obj", "missing", "items[0]"))))
                            .append(block(depth + 1));
                    if (random.nextBoolean()) {
                        out.append(tag("else")).append(block(depth + 1));
                    }
                    out.append(tag("endfor"));
                }
                case 6 -> out.append(tag("assign " + name() + pick(List.of(" = ", "=", " =  "))
                        + value() + filters()));
                case 7 -> out.append(tag("capture " + name())).append(block(depth + 1))
                        .append(tag("endcapture"));
                default -> out.append(pick(TEXTS)).append(output());
            }
        }
        return out.toString();
    }

    @Test
    void randomTemplatesRenderAsLiqpRendersThem() {
        List<Map<String, Object>> sets = variableSets();
        int[] counts = new int[3]; // In the core (template and mode), rendered by the core, handed to liqp.
        List<String> divergences = new ArrayList<>();
        for (int i = 0; i < TEMPLATES; i++) {
            String source = block(0);
            boolean outside = i % 10 == 9;
            if (outside) {
                int at = random.nextInt(source.length() + 1);
                while (at > 0 && at < source.length() && !betweenTags(source, at)) {
                    at--;
                }
                source = source.substring(0, at) + pick(OUTSIDE) + source.substring(at);
            }
            for (boolean html : List.of(true, false)) {
                List<Map<String, Object>> chosen = new ArrayList<>();
                for (int v = 0; v < SETS_PER_TEMPLATE; v++) {
                    chosen.add(sets.get(random.nextInt(sets.size())));
                }
                try {
                    check(source, html, outside, chosen, counts);
                } catch (AssertionError e) {
                    divergences.add(e.getMessage());
                }
            }
        }
        assertTrue(divergences.isEmpty(), divergences.size() + " divergences:\n"
                + String.join("\n", divergences.subList(0, Math.min(20, divergences.size()))));
        // The generator must mostly hit the core, and most renders must be the core's, or this tests little.
        assertTrue(counts[0] > TEMPLATES, counts[0] + " of " + 2 * TEMPLATES + " compiled in the core");
        assertTrue(counts[1] > 2 * counts[2], counts[1] + " renders by the core, " + counts[2] + " handed to liqp");
    }

    private void check(String source, boolean html, boolean outside, List<Map<String, Object>> sets, int[] counts) {
        CoreLiquid.Template core = CoreLiquid.compile(source, html);
        if (outside) {
            assertNull(core, () -> "in the core: " + source);
        }
        LiquidTemplate theirs = compile(liqp, source, html);
        if (core != null) {
            counts[0]++;
            assertTrue(theirs != null, () -> "the core compiles what liqp rejects: " + source);
        }
        LiquidTemplate ours = compile(engine, source, html);
        assertEquals(theirs == null, ours == null, () -> "only one engine compiles: " + source);
        if (theirs == null) {
            return;
        }
        for (Map<String, Object> variables : sets) {
            String expected = render(liqp, theirs, variables);
            String what = (html ? "html " : "text ") + source + " with " + variables;
            assertEquals(expected, render(engine, ours, variables), () -> "engine: " + what);
            if (core != null) {
                String direct;
                try {
                    direct = core.render(new HashMap<>(variables));
                } catch (CoreLiquid.Unsupported e) {
                    counts[2]++;
                    continue;
                } catch (RuntimeException e) {
                    direct = "error";
                }
                counts[1]++;
                assertEquals(expected, direct, () -> "core: " + what);
            }
        }
    }

    /** Pieces of Liquid's syntax, for templates of no grammar at all. */
    private static final List<String> PIECES = List.of("{{", "}}", "{%", "%}", "'", "\"", " ", "a", "b", " if ", " endif ",
            "|", "upcase", "-", "\n", " raw ", " endraw ", "{", "}", "%", " assign x = ", "x", " case ", " when ", " else ",
            " endcase ", " for ", " in ", " endfor ", " capture ", " endcapture ", " comment ", ":", ",", "default", "==",
            "[", "]", ".", "(", ")", "..", "1", "nil", "#", " unless ", " elsif ", "\t", "\r", "!", "empty", "?");

    /** Random sequences of pieces: what the core compiles, liqp compiles too, and renders the same. */
    @Test
    void whatTheCoreCompilesOfRandomPiecesLiqpCompilesAndRendersTheSame() {
        Map<String, Object> variables = new HashMap<>(Map.of("a", List.of("p", "<q>"), "b", "B'\"", "x", 5L));
        List<String> divergences = new ArrayList<>();
        int inTheCore = 0;
        for (int i = 0; i < 5 * TEMPLATES; i++) {
            StringBuilder source = new StringBuilder();
            for (int n = 1 + random.nextInt(14); n > 0; n--) {
                source.append(pick(PIECES));
            }
            for (boolean html : List.of(true, false)) {
                if (CoreLiquid.compile(source.toString(), html) != null) {
                    inTheCore++;
                    try {
                        check(source.toString(), html, false, List.of(variables), new int[3]);
                    } catch (AssertionError e) {
                        divergences.add(e.getMessage());
                    }
                }
            }
        }
        assertTrue(divergences.isEmpty(), divergences.size() + " divergences:\n"
                + String.join("\n", divergences.subList(0, Math.min(20, divergences.size()))));
        assertTrue(inTheCore > TEMPLATES, inTheCore + " in the core");
    }

    /** Whether {@code at} is not inside a tag or an output. */
    private static boolean betweenTags(String source, int at) {
        String before = source.substring(0, at);
        return before.lastIndexOf("{{") <= before.lastIndexOf("}}") && before.lastIndexOf("{%") <= before.lastIndexOf("%}");
    }

    private static LiquidTemplate compile(LiquidEngine engine, String source, boolean html) {
        try {
            return html ? engine.compile("t.liquid", source) : engine.compileText("t.txt", source);
        } catch (LiquidEngine.TemplateSyntaxException e) {
            return null;
        }
    }

    /** liqp prints an array (a list through some filters) as Java does, with its identity hash: not compared. */
    private static final java.util.regex.Pattern ARRAY = java.util.regex.Pattern.compile("(\\[L[\\w.$]+;)@[0-9a-f]+");

    /** The output, or "error" when the engine reports a render error. */
    private static String render(LiquidEngine engine, LiquidTemplate template, Map<String, Object> variables) {
        try {
            return ARRAY.matcher(engine.render("t", template, new HashMap<>(variables))).replaceAll("$1");
        } catch (LiquidEngine.RenderException e) {
            return "error";
        } catch (RuntimeException e) {
            fail("not a RenderException: " + e, e);
            return null;
        }
    }
}
