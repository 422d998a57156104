package dev.cairn.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTemplateParserTest {

    @Test
    void theBuiltInOnboardingTemplateHasTheSixPhasesOfTheMethodology() {
        PlanTemplate onboarding = PlanTemplates.get("onboarding").orElseThrow();
        assertEquals(List.of("pre-onboarding:-7..0", "kickoff:1..7", "implementation:8..30", "training:31..45",
                "adoption:46..60", "optimisation:61..90"),
                onboarding.phases().stream().map(p -> p.id() + ":" + p.start() + ".." + p.end()).toList());
        assertEquals(90, onboarding.lengthDays());
        assertTrue(onboarding.tasks().stream().filter(t -> t.phase().equals("pre-onboarding") && t.id().startsWith("readiness-"))
                .count() >= 4, "a pre-onboarding readiness checklist");
        assertEquals(1, onboarding.tasks().stream().filter(TaskSpec::firstValue).count());
    }

    @Test
    void templatesForANewUserANewProductAndAnAddOnAreBuiltIn() {
        assertEquals(List.of("account", "user", "product", "add_on"),
                PlanTemplates.BUILT_IN.stream().map(id -> PlanTemplates.get(id).orElseThrow().kind()).toList());
    }

    @Test
    void everyProblemNamesTheFileAndLine() {
        String yaml = String.join("\n",
                "id: broken",
                "name: Broken",
                "kind: team",
                "phases:",
                "  - id: one",
                "    title: One",
                "    days: [1, 10]",
                "    tasks:",
                "      - {id: a, title: A, owner: partner, due: 5}",
                "      - {id: b, title: B, owner: customer, due: 12}",
                "      - {id: c, title: C, owner: customer, due: 3, prerequisites: [d, nowhere]}",
                "      - {id: d, title: D, owner: customer, due: 4, prerequisites: [c]}",
                "      - {id: e, title: E, owner: customer, due: 4, complete_when: {metric: active_users}}",
                "      - {id: a, title: A again, owner: customer, due: 4, colour: red}");
        PlanTemplateException e = assertThrows(PlanTemplateException.class, () -> PlanTemplateParser.parse("broken.yaml", yaml));
        List<String> problems = e.problems();
        assertTrue(problems.contains("broken.yaml:3: kind must be one of [account, user, product, add_on], not 'team'"), problems.toString());
        assertTrue(problems.contains("broken.yaml:9: task 'a': owner must be customer or vendor, not 'partner'"), problems.toString());
        assertTrue(problems.contains("broken.yaml:10: task 'b': due day 12 is outside its phase 'one' (days 1 to 10)"), problems.toString());
        assertTrue(problems.contains("broken.yaml:11: task 'c': prerequisite 'nowhere' is not a task of this template"), problems.toString());
        assertTrue(problems.contains("broken.yaml:11: prerequisites go round in a circle: c -> d -> c"), problems.toString());
        assertTrue(problems.contains("broken.yaml:13: task 'e': a metric rule needs at_least, a number (and no equals)"), problems.toString());
        assertTrue(problems.contains("broken.yaml:14: task id 'a' is used twice"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("broken.yaml:14: task 'a': unknown key 'colour'")), problems.toString());
    }

    @Test
    void yamlThatDoesNotParseNamesItsLine() {
        PlanTemplateException e = assertThrows(PlanTemplateException.class,
                () -> PlanTemplateParser.parse("bad.yaml", "id: x\nphases: [\n"));
        assertTrue(e.problems().get(0).startsWith("bad.yaml:"), e.getMessage());
        assertTrue(e.problems().get(0).contains("YAML does not parse"), e.getMessage());
    }

    @Test
    void completionRulesOfEachKindAreRead() {
        PlanTemplate t = PlanTemplateParser.parse("rules.yaml", String.join("\n",
                "id: rules", "name: Rules", "kind: account", "phases:",
                "  - id: one", "    title: One", "    days: [0, 10]", "    tasks:",
                "      - {id: a, title: A, owner: customer, due: 1, complete_when: {event: integration_connected}}",
                "      - {id: b, title: B, owner: customer, due: 2, complete_when: {metric: active_users, at_least: 5}}",
                "      - {id: c, title: C, owner: customer, due: 3, complete_when: {field: account.custom.sso, equals: true}}"));
        assertEquals(List.of("event integration_connected", "metric active_users >= 5", "field account.custom.sso == true"),
                t.tasks().stream().map(s -> s.rule().describe()).toList());
    }
}
