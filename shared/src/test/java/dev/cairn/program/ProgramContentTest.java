package dev.cairn.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.render.CompiledProgram;
import dev.cairn.render.LiquidEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields, snippets, scenes and calls to action in program.yaml: what is accepted and what each mistake says. */
class ProgramContentTest {

    private static final Map<String, String> FILES = Map.of("email.liquid", "<p>{{ hub.url }}</p>", "email.txt", "{{ hub.url }}");
    private static final String HEAD = """
            id: p
            name: P
            trigger:
              on: manual
            email:
              subject: Hi
              html: email.liquid
              text: email.txt
            """;

    private static List<String> problems(String yaml) {
        return assertThrows(ProgramValidationException.class, () -> compile(yaml)).problems();
    }

    private static CompiledProgram compile(String yaml) {
        return CompiledProgram.compile(ProgramParser.parse("p", 1, HEAD + yaml, FILES), new LiquidEngine());
    }

    @Test
    void scenesWithoutAPageFileUseTheBuiltInLayout() {
        CompiledProgram program = compile("""
                scenes:
                  - type: intro
                    title: Hello
                """);

        assertNull(program.program().pageFile());
        assertEquals("intro-1", program.program().scenes().get(0).id(), "a scene without an id is named by type and place");
    }

    @Test
    void withNeitherPageNorScenesThePageIsRequired() {
        List<String> problems = assertThrows(ProgramValidationException.class,
                () -> ProgramParser.parse("p", 1, HEAD, FILES)).problems();

        assertEquals(List.of("program.yaml: page is required (the name of a Liquid file beside program.yaml, or scenes"
                + " for Cairn's built-in page)"), problems);
    }

    @Test
    void anUnknownSceneTypeNamesItsLineAndTheKnownTypes() {
        List<String> problems = problems("""
                scenes:
                  - type: intro
                  - type: pie_chart
                """);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("program.yaml:11: scene 2: unknown scene type 'pie_chart' (one of [bar_chart,"),
                problems.get(0));
    }

    @Test
    void anUnknownFieldInASceneOrATemplateIsReportedWithItsLine() {
        List<String> problems = problems("""
                fields:
                  seats: {value: account.licenses_used}
                scenes:
                  - type: metric
                    field: seat
                  - type: editorial
                    narration: "{{ fields.seatz }}"
                """);

        assertEquals(List.of("program.yaml:13: scene 'metric-1': unknown field 'seat' (declared: [seats])",
                "program.yaml:15: unknown field 'seatz' (declared: [seats])"), problems);
    }

    @Test
    void anUnknownSnippetInAFileNamesTheFileAndLine() {
        Map<String, String> files = Map.of("email.liquid", "<p>hi</p>\n<p>{{ snippets.intro }}</p>", "email.txt", "x");
        List<String> problems = assertThrows(ProgramValidationException.class, () -> ProgramParser.parse("p", 1,
                HEAD + "snippets:\n  greeting: {text: Hi}\nscenes:\n  - type: intro\n", files)).problems();

        assertEquals(List.of("email.liquid:2: unknown snippet 'intro' (declared: [greeting])"), problems);
    }

    @Test
    void aConditionThatDoesNotParseNamesItsLine() {
        List<String> problems = problems("""
                scenes:
                  - type: intro
                    title: Hi
                  - type: editorial
                    when: 'account.segment =='
                """);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("program.yaml:13 (scenes.editorial-2.when):1:"), problems.get(0));
    }

    @Test
    void anUpsellNeedsTheProductItSells() {
        List<String> problems = problems("""
                scenes:
                  - type: recommendations
                ctas:
                  - id: gov
                    kind: upsell
                    label: Add governance
                    link: https://example.com/gov
                """);

        assertEquals(List.of("program.yaml:12: call to action 'gov': a upsell needs product (what it sells), so that it"
                + " is never offered to an account that already has it"), problems);
    }

    @Test
    void fieldDefinitionsAreChecked() {
        List<String> problems = problems("""
                fields:
                  a: {aggregate: mode, of: contact.x, scope: team}
                  b: {aggregate: median, of: account.arr, scope: team}
                  c: {history: contact.x}
                  d: {value: contact.x, computed: days_to_renewal}
                  e: {computed: churn_risk}
                scenes:
                  - type: line_chart
                    field: e
                """);

        assertEquals(List.of(
                "program.yaml:10: field 'a': aggregate 'mode' is not known (one of [count, max, mean, median, min,"
                        + " percentile, sum])",
                "program.yaml:11: field 'b': the members of scope 'team' are contacts; use contact.<attribute> or"
                        + " metric.<name>, not account.arr",
                "program.yaml:12: field 'c': 'contact.x' is not a source; write metric.<name>",
                "program.yaml:13: field 'd' must have exactly one of [aggregate, change, computed, history, leaderboard,"
                        + " value]",
                "program.yaml:14: field 'e': computed 'churn_risk' is not known (one of [days_to_renewal,"
                        + " license_utilization, tenure_days])",
                "program.yaml:17: scene 'line-chart-1': unknown field 'e' (declared: [])"), problems);
    }

    @Test
    void aNavigationPathMustNameScenesOfTheProgram() {
        List<String> problems = problems("""
                scenes:
                  - id: nav
                    type: navigation
                    paths:
                      - id: smb
                        label: Small business
                        scenes: [intro, pricing]
                  - id: intro
                    type: intro
                """);

        assertEquals(List.of("program.yaml:15: navigation path names scene 'pricing', which is not a scene of this"
                + " program [intro, nav]"), problems);
    }

    @Test
    void aLocalizedTextNeedsADefault() {
        List<String> problems = problems("""
                scenes:
                  - type: intro
                    title: {fr: Bonjour, de: Hallo}
                """);

        assertEquals(List.of("program.yaml:11: scene 'intro-1': title needs a default variant, used when no locale"
                + " matches"), problems);
    }

    @Test
    void localeFallbackGoesFromRegionToLanguageToDefault() {
        List<String> available = List.of("default", "fr", "fr-CA", "es");
        assertEquals("fr-CA", Localized.pick(available, "fr-CA"));
        assertEquals("fr-CA", Localized.pick(available, "fr_ca"));
        assertEquals("fr", Localized.pick(available, "fr-BE"));
        assertEquals("es", Localized.pick(available, "es-MX"));
        assertEquals("default", Localized.pick(available, "de-DE"));
        assertEquals("default", Localized.pick(available, null));
    }
}
