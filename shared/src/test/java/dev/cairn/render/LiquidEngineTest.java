package dev.cairn.render;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import liqp.exceptions.ExceededMaxIterationsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LiquidEngineTest {

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String DOUBLE_QUOTE_BREAKOUT = "\" onmouseover=\"x";
    private static final String SINGLE_QUOTE_BREAKOUT = "' onmouseover='alert(1)";

    private final LiquidEngine liquid = new LiquidEngine();

    private String render(String source, Object firstName) {
        Map<String, Object> contact = new HashMap<>();
        contact.put("first_name", firstName);
        return liquid.render("page.liquid", liquid.compile("page.liquid", source), Map.of("contact", contact));
    }

    @Test
    void firstUsesOnSeveralThreadsShareTheOneParserBuiltOnDemand() throws Exception {
        // The parser is built on first use: the first uses race, and each waits for the one parser with Cairn's filters.
        LiquidEngine warming = new LiquidEngine();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<String>> rendered = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "<b>" + i + "</b>";
                rendered.add(threads.submit(() -> warming.render("page.liquid", warming.compile("page.liquid",
                        "{{ name }}|{{ 1234.5 | format_number: 1 }}"), Map.of("name", name, "locale", "en-US"))));
            }
            for (int i = 0; i < 4; i++) {
                assertEquals("&lt;b&gt;" + i + "&lt;/b&gt;|1,234.5", rendered.get(i).get());
            }
        } finally {
            threads.shutdown();
        }
        warming.warmUp();
        assertThrows(LiquidEngine.TemplateSyntaxException.class, () -> warming.compile("page.liquid", "{{ x | nope }}"));
    }

    @Test
    void oneCompiledTemplateRendersEachContactsOwnValuesInTurn() {
        // The node tree is built once and reused: nothing of one render may leak into the next.
        LiquidTemplate template = liquid.compile("page.liquid", "{% for t in contact.teams %}{% cycle 'a', 'b' %}"
                + "{{ forloop.index }}{{ contact.teams[forloop.index0] }}{% endfor %}|{{ contact.teams[contact.pick] }}"
                + "|{% if contact.vip %}VIP{% else %}-{% endif %}");
        Map<String, Object> ann = Map.of("teams", java.util.List.of("x", "<y>", "z"), "pick", 1, "vip", true);
        Map<String, Object> bob = Map.of("teams", java.util.List.of("q"), "pick", 0, "vip", false);

        for (int round = 0; round < 2; round++) {
            assertEquals("a1xb2&lt;y&gt;a3z|&lt;y&gt;|VIP", liquid.render("page.liquid", template, Map.of("contact", ann)));
            assertEquals("a1q|q|-", liquid.render("page.liquid", template, Map.of("contact", bob)));
        }
    }

    static Stream<Arguments> hostileValuesInEveryContext() {
        return Stream.of(
                // text context
                Arguments.of("<p>{{ contact.first_name }}</p>", SCRIPT,
                        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
                Arguments.of("<p>{{ contact.first_name }}</p>", "Tom & Jerry", "<p>Tom &amp; Jerry</p>"),
                Arguments.of("<p>{{ contact.first_name }}</p>", "'", "<p>&#39;</p>"),
                // double-quoted attribute
                Arguments.of("<a title=\"{{ contact.first_name }}\">", DOUBLE_QUOTE_BREAKOUT,
                        "<a title=\"&quot; onmouseover=&quot;x\">"),
                Arguments.of("<a title=\"{{ contact.first_name }}\">", SCRIPT,
                        "<a title=\"&lt;script&gt;alert(1)&lt;/script&gt;\">"),
                Arguments.of("<a title=\"{{ contact.first_name }}\">", "&", "<a title=\"&amp;\">"),
                // single-quoted attribute
                Arguments.of("<a title='{{ contact.first_name }}'>", SINGLE_QUOTE_BREAKOUT,
                        "<a title='&#39; onmouseover=&#39;alert(1)'>"),
                Arguments.of("<a title='{{ contact.first_name }}'>", "'", "<a title='&#39;'>"),
                Arguments.of("<a title='{{ contact.first_name }}'>", DOUBLE_QUOTE_BREAKOUT,
                        "<a title='&quot; onmouseover=&quot;x'>"),
                Arguments.of("<a title='{{ contact.first_name }}'>", "a & b", "<a title='a &amp; b'>"));
    }

    @ParameterizedTest(name = "[{index}] {1} in {0}")
    @MethodSource("hostileValuesInEveryContext")
    void escapesCustomerValuesInTextAndAttributes(String source, String hostile, String expected) {
        String html = render(source, hostile);

        assertEquals(expected, html);
        if (hostile.length() > 1) { // a lone ' or & also occurs in the template or in its escaped form
            assertFalse(html.contains(hostile), () -> "raw payload survived: " + html);
        }
    }

    @Test
    void escapesEveryOutputOfATemplateNotOnlyTheFirst() {
        String html = render("{{ contact.first_name }}|{{ contact.first_name }}|{{ contact.first_name }}", "<i>");

        assertEquals("&lt;i&gt;|&lt;i&gt;|&lt;i&gt;", html);
    }

    @Test
    void escapesOutputsInsideBlocksAndLoops() {
        String html = render("{% if contact.first_name %}{% for i in (1..2) %}[{{ contact.first_name }}]{% endfor %}{% endif %}",
                "<b>");

        assertEquals("[&lt;b&gt;][&lt;b&gt;]", html);
    }

    @Test
    void escapesOutputsWithWhitespaceControl() {
        assertEquals("a&lt;b&gt;b", render("a {{- contact.first_name -}} b", "<b>"));
    }

    @Test
    void rawAsLastFilterOptsOutForProgramText() {
        LiquidTemplate template = liquid.compile("page.liquid", "{{ snippet | raw }}|{{ '<em>hi</em>' | raw }}");

        String html = liquid.render("page.liquid", template, Map.of("snippet", "<strong>Welcome</strong>"));

        assertEquals("<strong>Welcome</strong>|<em>hi</em>", html);
    }

    @Test
    void rawThatIsNotTheLastFilterDoesNotOptOut() {
        assertEquals("&lt;B&gt;", render("{{ contact.first_name | raw | upcase }}", "<b>"));
    }

    @Test
    void anExplicitEscapeIsNotEscapedTwice() {
        assertEquals("Tom &amp; Jerry &lt;3", render("{{ contact.first_name | escape }}", "Tom & Jerry <3"));
    }

    @Test
    void filtersBeforeTheAutomaticEscapeStillApply() {
        assertEquals("&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;", render("{{ contact.first_name | upcase }}", SCRIPT));
        assertEquals("&lt;b&gt;!", render("{{ contact.first_name | append: '!' }}", "<b>"));
        assertEquals("there", render("{{ contact.first_name | default: 'there' }}", null));
    }

    @Test
    void filterArgumentsWrittenByTheAuthorAreEscapedToo() {
        // The default is program text, but it still passes through the automatic escape.
        assertEquals("&lt;i&gt;", render("{{ contact.first_name | default: '<i>' }}", null));
    }

    @Test
    void nonBmpCharactersAroundOutputTagsRenderAsWrittenAndTheOutputsEscaped() {
        // Each emoji is one code point (ANTLR's index) but two UTF-16 units (String's index).
        String source = "😀😀🎉🧭 {{ contact.first_name }} 👋🏽 {{ contact.first_name | upcase }} 𝄞";

        String html = render(source, "<b>&");

        assertEquals("😀😀🎉🧭 &lt;b&gt;&amp; 👋🏽 &lt;B&gt;&amp; 𝄞", html);
    }

    @Test
    void anUnknownFilterIsRefusedWhenCompiledNamingItsLine() {
        LiquidEngine.TemplateSyntaxException e = assertThrows(LiquidEngine.TemplateSyntaxException.class,
                () -> liquid.compile("page.liquid", "ok\n{{ contact.first_name | shout }}"));
        assertEquals("page.liquid:2: unknown filter 'shout'", e.getMessage());
        assertThrows(LiquidEngine.TemplateSyntaxException.class, () -> liquid.compileText("email.txt", "{{ x | nope }}"));
        assertDoesNotThrow(() -> liquid.compile("page.liquid", "{{ x | upcase | raw }}"));
    }

    @Test
    void includeAndRenderAreRefusedWhenTheTemplateIsCompiledNamingTheLine() {
        for (String tag : new String[] {"{% include 'secrets' %}", "{%- render 'x' %}", "{% include_relative '../x' %}"}) {
            LiquidEngine.TemplateSyntaxException e = assertThrows(LiquidEngine.TemplateSyntaxException.class,
                    () -> liquid.compile("page.liquid", "a\nb " + tag + " c"));
            assertTrue(e.getMessage().startsWith("page.liquid:2: "), e.getMessage());
            assertTrue(e.getMessage().contains("cannot read other files"), e.getMessage());
        }
        assertThrows(LiquidEngine.TemplateSyntaxException.class, () -> liquid.compileText("email.txt", "{% include 'x' %}"));
    }

    @Test
    void aHugeForLoopHitsTheIterationLimit() {
        LiquidTemplate template = liquid.compile("page.liquid", "{% for i in (1..1000000) %}x{% endfor %}");

        LiquidEngine.RenderException e = assertThrows(LiquidEngine.RenderException.class,
                () -> liquid.render("page.liquid", template, Map.of()));

        assertInstanceOf(ExceededMaxIterationsException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("page.liquid: "), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(LiquidEngine.MAX_ITERATIONS)), e.getMessage());
    }

    @Test
    void aLoopWithinTheIterationLimitRenders() {
        LiquidTemplate template = liquid.compile("page.liquid", "{% for i in (1..1000) %}x{% endfor %}");

        assertEquals(1000, liquid.render("page.liquid", template, Map.of()).length());
    }

    @Test
    void outputLargerThanTheLimitFails() {
        String chunk = "x".repeat(200);
        // 15,000 iterations stay under the iteration limit but produce 3,000,000 characters.
        LiquidTemplate template = liquid.compile("page.liquid", "{% for i in (1..15000) %}{{ chunk }}{% endfor %}");

        LiquidEngine.RenderException e = assertThrows(LiquidEngine.RenderException.class,
                () -> liquid.render("page.liquid", template, Map.of("chunk", chunk)));

        assertTrue(e.getMessage().startsWith("page.liquid: "), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(LiquidEngine.MAX_OUTPUT_CHARS)), e.getMessage());
    }

    @Test
    void aSyntaxErrorNamesFileLineAndColumn() {
        String source = "<p>one</p>\n<p>two</p>\n<p>{% fro x in y %}{% endfor %}</p>\n";

        LiquidEngine.TemplateSyntaxException e = assertThrows(LiquidEngine.TemplateSyntaxException.class,
                () -> liquid.compile("page.liquid", source));

        assertTrue(e.getMessage().startsWith("page.liquid:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("fro"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line only: " + e.getMessage());
    }

    @Test
    void anUnclosedBlockIsASyntaxErrorInPlainTextTemplatesToo() {
        LiquidEngine.TemplateSyntaxException e = assertThrows(LiquidEngine.TemplateSyntaxException.class,
                () -> liquid.compileText("email.txt", "Hi\n{% if contact.first_name %}\nthere\n"));

        assertTrue(e.getMessage().startsWith("email.txt:"), e.getMessage());
        assertTrue(e.getMessage().matches("email\\.txt:\\d+:\\d+: .*"), e.getMessage());
    }

    @Test
    void compileTextDoesNotEscape() {
        LiquidTemplate template = liquid.compileText("email.txt", "Hi {{ contact.first_name }} & welcome");

        String text = liquid.render("email.txt", template, Map.of("contact", Map.of("first_name", "<Ann> 'O\"")));

        assertEquals("Hi <Ann> 'O\" & welcome", text);
    }

    private static String causeMessages(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append(" | ");
        }
        return messages.toString();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>x</script>",
            "vbscript:x", "//evil.example/x", "/relative", "https://ok.example/a b", ""})
    void safeUrlTurnsEveryOtherSchemeIntoAHash(String hostile) {
        assertEquals("<a href=\"#\">", render("<a href=\"{{ contact.first_name | safe_url }}\">", hostile));
    }

    @Test
    void safeUrlKeepsHttpHttpsAndMailtoEscapedForTheAttribute() {
        assertEquals("<a href=\"https://ok.example/?a=1&amp;b=&quot;2&quot;\">",
                render("<a href=\"{{ contact.first_name | safe_url }}\">", "https://ok.example/?a=1&b=\"2\""));
        assertEquals("<a href=\"mailto:csm@example.com\">", render("<a href=\"{{ contact.first_name | safe_url }}\">",
                "mailto:csm@example.com"));
        assertEquals("<a href=\"HTTP://ok.example\">", render("<a href=\"{{ contact.first_name | safe_url }}\">",
                "HTTP://ok.example"));
    }

    @Test
    void numbersPercentagesMoneyAndDatesFollowTheContactsLocaleAndZone() {
        LiquidTemplate template = liquid.compile("page.liquid", "{{ n | format_number }}|{{ r | format_percent }}|"
                + "{{ m | format_currency: 'EUR' }}|{{ d | format_date }}|{{ i | format_date: 'short' }}");
        Map<String, Object> values = Map.of("n", new java.math.BigDecimal("1234.5"), "r", 0.8, "m", 1200,
                "d", "2027-01-21", "i", "2026-11-22T23:30:00Z");

        assertEquals("1,234.5|80%|€1,200|January 21, 2027|11/22/26",
                liquid.render("page.liquid", template, with(values, "en-US", "America/New_York")));
        assertEquals("1\u202f234,5|80\u00a0%|1\u202f200\u00a0€|21 janvier 2027|23/11/2026",
                liquid.render("page.liquid", template, with(values, "fr-FR", "Europe/Paris")),
                "an instant is dated in the contact's time zone: 23:30 UTC is the next day in Paris");
    }

    private static Map<String, Object> with(Map<String, Object> values, String locale, String zone) {
        Map<String, Object> variables = new HashMap<>(values);
        variables.put(LiquidEngine.LOCALE, locale);
        variables.put(LiquidEngine.TIMEZONE, zone);
        return variables;
    }

    @Test
    void safeHtmlFromProgramTextIsNotEscapedAgain() {
        LiquidTemplate template = liquid.compile("page.liquid", "{{ s }}");
        assertEquals("<b>Hi &amp; bye</b>", liquid.render("page.liquid", template,
                Map.of("s", new SafeHtml("<b>Hi &amp; bye</b>"))));
    }
}
