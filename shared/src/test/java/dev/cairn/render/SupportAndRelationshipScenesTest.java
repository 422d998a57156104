package dev.cairn.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.program.ProgramParser;
import dev.cairn.program.ProgramValidationException;
import dev.cairn.render.fields.FieldData;
import dev.cairn.render.fields.MetricPoint;
import dev.cairn.render.fields.Peer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The support-usage and relationship scenes, built in and overridden, with hostile customer values. */
class SupportAndRelationshipScenesTest {

    private static final String HOSTILE = "<script>alert(1)</script>";
    private static final LocalDate TODAY = LocalDate.parse("2026-11-22");
    private static final String PROGRAM = """
            id: care
            name: Care
            trigger:
              on: manual
            email:
              subject: "Care"
              html: email.liquid
              text: email.txt
            fields:
              tickets: {value: metric.support_tickets}
              segment_tickets: {aggregate: median, of: metric.support_tickets, scope: segment}
            scenes:
              - {id: support, type: support_usage, field: tickets, reference: segment_tickets}
              - {id: nps, type: relationship}
            """;
    private final LiquidEngine liquid = new LiquidEngine();

    private static MetricPoint point(String date, double value) {
        return new MetricPoint(LocalDate.parse(date), value);
    }

    private static Peer account(String id, double tickets) {
        return new Peer(id, "Another account", Map.of("account_id", id),
                Map.of("support_tickets", List.of(point("2026-11-01", tickets))));
    }

    /** Acme opened {@code tickets}; its segment's other accounts opened 10, 20 and 30 (median with Acme's own). */
    private static FieldData data(double tickets, Map<String, List<MetricPoint>> answers) {
        Map<String, Object> contact = new HashMap<>(Map.of("contact_id", "c-ana", "account_id", "acc-1",
                "first_name", HOSTILE));
        Map<String, Object> account = Map.of("account_id", "acc-1", "name", "Acme " + HOSTILE, "segment", "SMB");
        List<Peer> segment = List.of(account("acc-1", tickets), account("acc-2", 10), account("acc-3", 20),
                account("acc-4", 30));
        return new FieldData(contact, account, TODAY, Map.of("support_tickets", List.of(point("2026-11-01", tickets))),
                Map.of("segment", segment), null, Set.of("support_tickets"), answers);
    }

    private RenderedMessage render(String yaml, Map<String, String> files, FieldData data) {
        Map<String, String> all = new HashMap<>(files);
        all.put("email.liquid", "<p></p>");
        all.put("email.txt", "");
        CompiledProgram program = CompiledProgram.compile(ProgramParser.parse("care", 1, yaml, all), liquid);
        return new HubRenderer(liquid).render(program, data, "");
    }

    private RenderedMessage render(FieldData data) {
        return render(PROGRAM, Map.of(), data);
    }

    private static String section(String page, String id) {
        int start = page.indexOf("<section class=\"scene scene-", page.indexOf("id=\"" + id + "\"") - 60);
        return page.substring(start, page.indexOf("</section>", start));
    }

    @Test
    void supportUsageAboveItsSegmentSaysSoAndOffersHelp() {
        // 40 against the median of 10, 20, 30 and 40: 25. 60% more.
        String scene = section(render(data(40, Map.of())).page(), "support");

        assertTrue(scene.contains("<svg class=\"chart\" id=\"support-chart\""), scene);
        assertTrue(scene.contains("<p>Your account: 40; Accounts in your segment: 25.</p>"), "text alternative: " + scene);
        assertTrue(scene.contains("<p class=\"band band-above\">Acme &lt;script&gt;alert(1)&lt;/script&gt; opened 60% more"
                + " support tickets than accounts in your segment. Something may be getting in your way"), scene);
        assertFalse(scene.contains(HOSTILE), "the account's name is escaped");
    }

    @Test
    void supportUsageWithinAndBelowItsSegment() {
        // 22 against the median of 10, 20, 22, 30: 21.
        assertTrue(render(data(22, Map.of())).page().contains("opened about as many support tickets as accounts in your"
                + " segment (within 20%)."));
        // 2 against the median of 2, 10, 20, 30: 15.
        String below = render(data(2, Map.of())).page();
        assertTrue(below.contains("<p class=\"band band-below\">Acme &lt;script&gt;alert(1)&lt;/script&gt; opened 87%"
                + " fewer support tickets than accounts in your segment: things seem to run smoothly."), below);
    }

    @Test
    void supportUsageOfTheAccountIsNeverSetAgainstItsContacts() {
        String yaml = PROGRAM.replace("scope: segment", "scope: account");

        assertFalse(render(yaml, Map.of(), data(40, Map.of())).scenes().contains("support"),
                "the account's tickets against a median of contacts would mislead");
    }

    private static Map<String, List<MetricPoint>> answers() {
        Map<String, List<MetricPoint>> answers = new HashMap<>();
        answers.put("c-ana", List.of(point("2026-08-03", 6), point("2026-10-02", 9), point("2026-10-20", 10)));
        answers.put("c-bo", List.of(point("2025-06-01", 0), point("2026-08-10", 4), point("2026-09-15", 7)));
        answers.put("c-cy", List.of(point("2026-10-05", 9)));
        return answers;
    }

    @Test
    void relationshipDrawsTheAccountsAverageAndTheContactsAnswersByMonth() {
        String scene = section(render(data(20, answers())).page(), "nps");

        assertTrue(scene.contains("<svg class=\"chart\" id=\"nps-chart\" viewBox=\"0 0 600 240\" role=\"img\""
                + " aria-labelledby=\"nps-h nps-chart-d\""), scene);
        // Aug: 6 and 4 average 5; Sep: 7; Oct: 9, 10 and 9; the answer of 2025 is older than a year and left out.
        String summary = "Your account, average answer: Aug 2026: 5; Sep 2026: 7; Oct 2026: 9.3. Your answers:"
                + " Aug 2026: 6; Oct 2026: 10.";
        assertTrue(scene.contains("<desc id=\"nps-chart-d\">" + summary + "</desc>"), scene);
        assertTrue(scene.contains("<p>" + summary + "</p>"), "the text alternative, also visible: " + scene);
        assertTrue(scene.contains(">Your account</text>") && scene.contains(">You</text>"), "a legend: " + scene);
        assertTrue(scene.contains("stroke-dasharray"), "the contact's line is dashed, not told apart by colour only");
        // Latest answers: Ana 10 and Cy 9 are promoters, Bo 7 is passive: (2 - 0) / 3.
        assertTrue(scene.contains("Answers are rising. Net Promoter Score over the last 12 months: <strong>67</strong>,"
                + " from 3 people."), scene);
        assertTrue(scene.contains("Your last answer was 10, on <time datetime=\"2026-10-20\">October 20, 2026</time>."
                + " Thank you for it."), scene);
        assertTrue(scene.contains("How likely people at Acme &lt;script&gt;alert(1)&lt;/script&gt; are to recommend us"),
                scene);
        assertFalse(scene.contains(HOSTILE));
    }

    @Test
    void relationshipForAContactWhoNeverAnsweredAndForAFallingAccount() {
        Map<String, List<MetricPoint>> answers = answers();
        answers.remove("c-ana");
        answers.put("c-bo", List.of(point("2026-09-10", 8), point("2026-11-02", 3)));
        String scene = section(render(data(20, answers)).page(), "nps");

        assertFalse(scene.contains("Your last answer") || scene.contains(">You</text>"), scene);
        // Sep: 8; Oct: 9; Nov: 3. Latest: Bo 3 (detractor), Cy 9 (promoter).
        assertTrue(scene.contains("Answers are falling, and we want to know why. Net Promoter Score over the last 12"
                + " months: <strong>0</strong>, from 2 people."), scene);
    }

    @Test
    void relationshipNeedsAnswersInTwoMonths() {
        RenderedMessage message = render(data(20, Map.of("c-ana", List.of(point("2026-11-02", 9)))));

        assertEquals(List.of("support"), message.scenes());
    }

    @Test
    void bothScenesCanBeOverriddenByTheProgramsOwnTemplate() {
        String yaml = PROGRAM.replace("reference: segment_tickets}", "reference: segment_tickets, template: s.liquid}")
                .replace("type: relationship}", "type: relationship, template: r.liquid}");
        String page = render(yaml, Map.of("s.liquid", "<p id=\"mine\">{{ scene.you }} vs {{ scene.reference }} ({{ scene.band }})</p>",
                "r.liquid", "<p id=\"rel\">{{ scene.score }} {{ scene.trend }} {% for m in scene.months %}{{ m.month }}={{ m.account }} {% endfor %}</p>"),
                data(40, answers())).page();

        assertTrue(page.contains("<p id=\"mine\">40 vs 25 (above)</p>"), page);
        assertTrue(page.contains("<p id=\"rel\">67 rising 2026-08=5 2026-09=7 2026-10=9.3 </p>"), page);
    }

    @Test
    void aSupportUsageSceneNeedsAFieldAndAReference() {
        String yaml = PROGRAM.replace("field: tickets, reference: segment_tickets", "field: tickets");
        Executable parse = () -> ProgramParser.parse("care", 1, yaml, Map.of("email.liquid", "", "email.txt", ""));

        ProgramValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ProgramValidationException.class, parse);
        assertTrue(new ArrayList<>(e.problems()).toString().contains("a support_usage scene needs reference"),
                e.problems().toString());
    }
}
