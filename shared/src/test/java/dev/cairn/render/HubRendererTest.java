package dev.cairn.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.program.Program;
import dev.cairn.program.ProgramParser;
import dev.cairn.render.fields.FieldData;
import dev.cairn.render.fields.MetricPoint;
import dev.cairn.render.fields.Peer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The quarterly review example rendered for one contact: every scene type, conditions, CTAs, escaping, locales. */
class HubRendererTest {

    private static final String HOSTILE = "<script>alert(1)</script>";
    private static final LocalDate TODAY = LocalDate.parse("2026-11-22");
    private final LiquidEngine liquid = new LiquidEngine();
    private final HubRenderer renderer = new HubRenderer(liquid);

    static Map<String, String> files(Path dir) {
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path path : paths.toList()) {
                files.put(path.getFileName().toString(), Files.readString(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static CompiledProgram example(String id, LiquidEngine liquid) {
        Map<String, String> files = files(Path.of("../examples/programs/" + id));
        String yaml = files.remove(Program.PROGRAM_FILE);
        return CompiledProgram.compile(ProgramParser.parse(id, 1, yaml, files), liquid);
    }

    static Map<String, Object> contact(String firstName, String locale, boolean surveys) {
        Map<String, Object> contact = new HashMap<>(Map.of("contact_id", "c-ana", "account_id", "acc-1",
                "email", "ana@example.com", "first_name", firstName, "team", "Ops", "locale", locale,
                "timezone", "Europe/Paris"));
        contact.put("responds_to_surveys", surveys);
        contact.put("is_champion", true);
        return contact;
    }

    static Map<String, Object> account(String segment, String billing) {
        return Map.of("account_id", "acc-1", "name", "Acme & Co", "segment", segment, "billing_period", billing,
                "licenses_used", new BigDecimal("8"), "licenses_purchased", new BigDecimal("10"),
                "renewal_date", "2027-01-21", "products", List.of("analytics", "alerts"), "health_score",
                new BigDecimal("72"));
    }

    private static Peer peer(String id, String label, int queries) {
        return new Peer(id, label, Map.of("contact_id", id),
                Map.of("queries_30d", List.of(new MetricPoint(LocalDate.parse("2026-11-01"), queries))));
    }

    static FieldData data(Map<String, Object> contact, Map<String, Object> account) {
        List<Peer> team = List.of(peer("c-ana", "Ana T.", 120), peer("c-bo", "Bo K.", 60), peer("c-cy", "Cy L.", 80),
                peer("c-di", "Di <i>M.</i>", 200));
        // Ana's own points: the latest, 120, is also her value among her team's.
        List<MetricPoint> history = List.of(new MetricPoint(LocalDate.parse("2026-09-01"), 100),
                new MetricPoint(LocalDate.parse("2026-10-01"), 110), new MetricPoint(LocalDate.parse("2026-11-01"), 120));
        return new FieldData(contact, account, TODAY, Map.of("queries_30d", history), Map.of("team", team));
    }

    private RenderedMessage qbr(Map<String, Object> contact, Map<String, Object> account) {
        return renderer.render(example("qbr", liquid), data(contact, account), "https://hub.example/h/abc.html");
    }

    @Test
    void everySceneWhoseConditionHoldsAndDataExistsIsShownInOrder() {
        RenderedMessage message = qbr(contact("Ana", "en-US", true), account("Commercial", "monthly"));

        assertEquals(List.of("welcome", "choose", "proof", "next", "nps"), message.scenes());
        String page = message.page();
        // The navigation's paths hold their scenes; a path's scenes have anchors of their own.
        for (String anchor : List.of("adoption--licenses", "adoption--usage", "adoption--peers", "adoption--top-users",
                "business--health", "business--renewal")) {
            assertTrue(page.contains("id=\"" + anchor + "\""), anchor);
        }
        assertTrue(page.contains("<a class=\"path-link\" href=\"#path-adoption\">How my team uses it</a>"), page);
        assertTrue(page.contains("<p class=\"big\">8 / 10</p>"), "license utilisation");
        assertTrue(page.contains("Your team uses 8 of 10 licenses (80%)."), "the snippet inside a scene, not escaped twice");
        assertTrue(page.contains("<svg class=\"chart\" id=\"adoption--usage-chart\""), "line chart");
        assertTrue(page.contains("Sep 1, 2026: 100; Oct 1, 2026: 110; Nov 1, 2026: 120."), "chart text alternative");
        assertTrue(page.contains("<dt>You</dt>") && page.contains("<dt>Your team</dt>"), "whose figures they are");
        assertTrue(page.contains("On par with your team (within 20%)."), "120 against a team median of 100");
        assertTrue(page.contains("<li class=\"you\"><span class=\"rank\">2</span> <span class=\"who\">You</span>"),
                "the leaderboard marks the contact");
        assertTrue(page.contains("Di &lt;i&gt;M.&lt;/i&gt;"), "a teammate's name is escaped on the leaderboard");
        assertFalse(page.contains("Bo K."), "the last of the team is not named to others (top 3 of 4)");
        assertTrue(page.contains("<time datetime=\"2027-01-21\">January 21, 2027</time>"), "renewal date in the locale");
        assertTrue(page.contains("<li><span>0</span></li>") && page.contains("<li><span>10</span></li>"), "NPS scale");
    }

    @Test
    void aContactWithoutFiguresOfTheirOwnIsNotComparedWithTheirTeamThroughTheAccountsFigure() {
        FieldData own = data(contact("Ana", "en-US", true), account("Commercial", "monthly"));
        // The series is the account's: the loader found no points of Ana's own.
        FieldData accountOnly = new FieldData(own.contact(), own.account(), TODAY, own.metrics(), own.peers(), null,
                java.util.Set.of("queries_30d"), Map.of());

        String page = renderer.render(example("qbr", liquid), accountOnly, "https://hub.example/h/abc.html").page();

        assertFalse(page.contains("id=\"adoption--peers\""), "no benchmark of the account's figure against the team");
        assertTrue(page.contains("id=\"adoption--usage\""), "the chart of the account's queries stays");
    }

    @Test
    void aPromoterIsAskedToAdvocateFirstAndADetractorIsNot() {
        Map<String, Object> contact = contact("Ana", "en-US", true);
        Map<String, Object> account = account("SMB", "annual");
        FieldData base = data(contact, account);
        for (int score : new int[] {9, 10, 8, 3}) {
            Map<String, List<MetricPoint>> metrics = new HashMap<>(base.metrics());
            metrics.put("nps", List.of(new MetricPoint(LocalDate.parse("2026-10-01"), 10),
                    new MetricPoint(LocalDate.parse("2026-11-01"), score)));
            RenderedMessage message = renderer.render(example("qbr", liquid), new FieldData(contact, account, TODAY,
                    metrics, base.peers()), "https://hub.example/h/abc.html");
            assertEquals(score >= 9, message.ctas().contains("advocate"), "latest answer " + score);
            if (score >= 9) {
                assertEquals("advocate", message.ctas().get(0), "the advocacy ask comes first");
            }
        }
    }

    @Test
    void aSceneWhoseConditionFailsIsAbsent() {
        RenderedMessage message = qbr(contact("Ana", "en-US", false), account("Enterprise", "annual"));

        assertFalse(message.scenes().contains("nps"), "does not answer surveys");
        assertFalse(message.scenes().contains("proof"), "editorial is for non-Enterprise accounts");
        assertFalse(message.page().contains("id=\"nps\""));
        assertFalse(message.page().contains("id=\"proof\""));
    }

    @Test
    void callsToActionHoldMostRelevantFirstAndNeverSellWhatTheAccountHas() {
        RenderedMessage monthly = qbr(contact("Ana", "en-US", true), account("Commercial", "monthly"));

        // renew-early holds (60 days to renewal); alerts is owned; review is fifth and cut at four.
        assertEquals(List.of("renew-early", "annual", "governance", "webinar"), monthly.ctas());
        assertFalse(monthly.page().contains("Turn on Alerts"));
        assertTrue(monthly.page().contains("<a class=\"cta\" href=\"https://example.com/renew\">Renew early and keep your"
                + " price</a>"), monthly.page());

        RenderedMessage annualSmb = qbr(contact("Ana", "en-US", true), account("SMB", "annual"));
        assertEquals(List.of("renew-early", "webinar", "review"), annualSmb.ctas(), "conditions that fail are absent");
        assertFalse(annualSmb.page().contains("two months free"));
    }

    @Test
    void customerValuesAreEscapedInTextAndAttributes() {
        Map<String, Object> contact = contact(HOSTILE, "en\" onload=\"x", true);
        contact.put("team", "\"><img src=x onerror=alert(1)>");
        RenderedMessage message = qbr(contact, account("Commercial", "monthly"));

        String page = message.page();
        assertFalse(page.contains(HOSTILE), page);
        assertFalse(page.contains("<img"), page);
        assertFalse(page.contains("\" onload=\""), page);
        assertTrue(page.contains("Your quarter at Acme &amp; Co"), page);
        assertTrue(page.contains("Hi &lt;script&gt;alert(1)&lt;/script&gt;, here is"), page);
        assertTrue(page.contains("Most active in &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), page);
        assertTrue(message.html().contains("Hi &lt;script&gt;alert(1)&lt;/script&gt;,"), message.html());
        assertTrue(message.text().startsWith("Hi " + HOSTILE + ","), "plain text is not HTML-escaped");
    }

    @Test
    void theHubPageIsSelfContainedAndNotIndexed() {
        String page = qbr(contact("Ana", "en-US", true), account("Commercial", "monthly")).page();

        assertTrue(page.startsWith("<!doctype html>"));
        assertTrue(page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
        assertTrue(page.contains("<meta name=\"viewport\""));
        assertFalse(page.contains("<script"), "no script at all");
        assertTrue(page.contains("<link rel=\"icon\" href=\"data:,\">"), "no request for /favicon.ico either");
        assertFalse(page.replace("<link rel=\"icon\" href=\"data:,\">", "").contains("<link") || page.contains("@import")
                || page.contains("src=\"http"), "no external stylesheet, font or image");
        assertTrue(page.contains("<html lang=\"en-US\">"));
    }

    @Test
    void narrationFallsBackFromRegionToLanguageToDefault() {
        String frCa = qbr(contact("Ana", "fr-CA", true), account("Commercial", "monthly")).page();
        assertTrue(frCa.contains("Votre trimestre chez Acme &amp; Co"), "fr-CA falls back to fr");
        assertTrue(frCa.contains("Votre équipe utilise 8 licences sur 10 (80\u00a0%)."), "French percent: " + frCa);
        assertTrue(frCa.contains("21 janvier 2027"), "French date");

        String german = qbr(contact("Ana", "de-DE", true), account("Commercial", "monthly")).page();
        assertTrue(german.contains("Your quarter at Acme &amp; Co"), "no German variant: the default");

        RenderedMessage fr = qbr(contact("Ana", "fr", true), account("Commercial", "monthly"));
        assertEquals("Ana, votre bilan trimestriel de Acme & Co est prêt", fr.subject());
    }
}
