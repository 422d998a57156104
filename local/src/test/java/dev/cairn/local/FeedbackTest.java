package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.delivery.DeliveryService;
import dev.cairn.json.Json;
import dev.cairn.pipeline.DeliveryRequest;
import dev.cairn.store.Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The public feedback API through the local runtime: tracked links, poll answers from the email and the hub
 * page, signed-token refusals, and unsubscribes that stop later sends. The pulse test program has three polls
 * (recommend: NPS, effort: CES, satisfaction: CSAT) and one call to action, in the category "surveys".
 */
class FeedbackTest {

    private static final String RUN = "contact_created";
    private static LocalRuntime runtime;
    private static LocalClient api;
    private static LocalClient browser;
    private static String table;

    /** One contact's email, as SES accepted it. */
    private record Sent(String contactId, String accountId, String email, Outbox.Email message) {
    }

    @BeforeAll
    static void start() throws Exception {
        // A runtime of its own: the pulse program starts for every contact created in it.
        runtime = TestStack.fresh();
        api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
        browser = new LocalClient(runtime.baseUrl(), null);
        table = runtime.resources().ref("CairnTable");
        LocalClient.Response saved = api.put("/v1/programs/pulse",
                Demo.programBody(Path.of("local/src/test/resources/programs/pulse")));
        assertEquals(200, saved.status(), saved.body());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void theEmailsHubLinkRedirectsToThePageAndCountsAsOpenedAndCtaLinksAsClicked() throws Exception {
        Sent sent = newContactEmailed("Ana");
        String html = sent.message().html();
        assertFalse(html.contains("/hub/h/"), "the email never links to the page directly: " + html);
        String hubLink = link(html, "Open your hub");
        assertTrue(hubLink.startsWith(runtime.baseUrl() + "/r/"), hubLink);
        assertTrue(sent.message().text().contains(hubLink), "the text part carries the same tracked link");
        String token = hubLink.substring(hubLink.lastIndexOf('/') + 1);
        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);
        assertFalse(decoded.contains(sent.contactId()) || decoded.contains(sent.email()) || decoded.contains(sent.accountId()),
                "a token carries no contact id, account id or address");

        LocalClient.Response redirect = browser.get(hubLink);
        assertEquals(302, redirect.status(), redirect.body());
        String page = redirect.header("Location");
        assertTrue(page.matches("http://127\\.0\\.0\\.1:\\d+/hub/h/[A-Za-z0-9_-]{43}\\.html"), page);
        assertEquals("no-referrer", redirect.header("Referrer-Policy"));
        LocalClient.Response hub = browser.get(page);
        assertEquals(200, hub.status());
        assertTrue(hub.body().contains("How likely are you to recommend us to a colleague?"), hub.body());

        String cta = link(hub.body(), "Join the webinar");
        assertTrue(cta.startsWith(runtime.baseUrl() + "/r/"), "calls to action on the page are tracked: " + cta);
        assertEquals(cta, link(html, "Join the webinar"), "and in the email, with the same link");
        LocalClient.Response clicked = browser.get(cta);
        assertEquals(302, clicked.status());
        assertEquals("https://example.com/webinar?topic=alerts", clicked.header("Location"));
        browser.get(hubLink);

        Map<String, AttributeValue> engagement = item(Keys.contact(sent.contactId()), Keys.engagement("pulse", RUN));
        assertNotNull(engagement, "an engagement record for (contact, program, run)");
        assertEquals("2", engagement.get("opens").n());
        assertEquals("1", engagement.get("clicks").n());
        assertNotNull(engagement.get("opened_at"));
        assertNotNull(engagement.get("clicked_at"));
        assertEquals(Keys.runEngagements("pulse", RUN), engagement.get(Keys.GSI1PK).s());
        assertEquals(List.of("cta_clicked", "hub_opened", "hub_opened"), events(sent, null));
    }

    @Test
    void aForgedAlteredExpiredOrMisusedTokenIs403AndRecordsNothing() throws Exception {
        Sent sent = newContactEmailed("Bo");
        String hubLink = link(sent.message().html(), "Open your hub");
        String pollLink = scoreLink(sent, "recommend", 9);
        String unsubscribe = unsubscribeUrl(sent);

        int cut = hubLink.length() - 30;
        char flipped = hubLink.charAt(cut) == 'A' ? 'B' : 'A';
        String altered = hubLink.substring(0, cut) + flipped + hubLink.substring(cut + 1);
        for (String refused : List.of(altered, runtime.baseUrl() + "/r/" + "A".repeat(120), runtime.baseUrl() + "/r/%3Cscript%3E",
                pollLink.replace("/p/", "/r/"), hubLink.replace("/r/", "/p/"))) {
            LocalClient.Response response = browser.get(refused);
            assertEquals(403, response.status(), refused);
            assertTrue(response.body().contains("This link is not valid"), response.body());
            assertEquals("noindex, nofollow", response.header("X-Robots-Tag"));
        }
        assertEquals(403, browser.postForm(hubLink.replace("/r/", "/u/"), "List-Unsubscribe=One-Click").status(),
                "a tracked link is no unsubscribe link");
        assertEquals(403, browser.postForm(pollLink.replace("/p/", "/u/"), "scope=all").status());

        Instant now = runtime.clock().instant();
        try {
            runtime.clock().advance(Duration.ofDays(121));
            assertEquals(403, browser.get(pollLink).status(), "poll links expire after 120 days");
            runtime.clock().advance(Duration.ofDays(280));
            assertEquals(403, browser.get(hubLink).status(), "tracked links expire after 400 days");
            assertEquals(403, browser.postForm(unsubscribe, "List-Unsubscribe=One-Click").status());
        } finally {
            runtime.clock().set(now);
        }

        assertNull(item(Keys.contact(sent.contactId()), Keys.engagement("pulse", RUN)), "no engagement recorded");
        assertNull(item(Keys.contact(sent.contactId()), Keys.pollAnswer("pulse", RUN, "recommend")), "no answer recorded");
        assertNull(item(Keys.contact(sent.contactId()), Keys.suppression("surveys")));
        assertNull(item(Keys.contact(sent.contactId()), Keys.SUPPRESSION_ALL));
        assertEquals(List.of(), events(sent, null), "no event recorded");
        assertEquals(302, browser.get(hubLink).status(), "the genuine link still works");
    }

    @Test
    void eachPollKindIsAnsweredFromTheEmailLinkThenCommented() throws Exception {
        Sent sent = newContactEmailed("Cy");
        Map<String, Integer> scores = Map.of("recommend", 10, "effort", 7, "satisfaction", 1);
        Map<String, String> kinds = Map.of("recommend", "nps", "effort", "ces", "satisfaction", "csat");
        for (Map.Entry<String, Integer> poll : scores.entrySet()) {
            String link = scoreLink(sent, poll.getKey(), poll.getValue());
            LocalClient.Response answered = browser.get(link);
            assertEquals(200, answered.status(), answered.body());
            assertTrue(answered.body().contains("<strong>" + poll.getValue() + "</strong>"), answered.body());
            assertTrue(answered.body().contains("name=\"comment\""), "a comment form follows a one-click answer");
            assertTrue(answered.body().contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
            assertFalse(answered.body().contains("<script") || answered.body().contains("src="), "self-contained");

            Map<String, AttributeValue> current = item(Keys.contact(sent.contactId()),
                    Keys.pollAnswer("pulse", RUN, poll.getKey()));
            assertEquals(poll.getValue().toString(), current.get("score").n());
            assertEquals(kinds.get(poll.getKey()), current.get("kind").s());
            assertEquals("email", current.get("source").s());
            assertNull(current.get("comment"));
            Map<String, AttributeValue> metric = item(Keys.account(sent.accountId()), Keys.metric(kinds.get(poll.getKey()),
                    runtime.clock().instant().atOffset(ZoneOffset.UTC).toLocalDate().toString(), sent.contactId()));
            assertNotNull(metric, "the answer is a metric point for the contact");
            assertEquals(poll.getValue().toString(), metric.get("value").n());

            String action = runtime.baseUrl() + "/p/" + formAction(answered.body());
            LocalClient.Response commented = browser.postForm(action, "score=" + poll.getValue()
                    + "&comment=Quick+setup%2C+%3Cb%3Egreat%3C%2Fb%3E+docs");
            assertEquals(200, commented.status(), commented.body());
            assertFalse(commented.body().contains("name=\"comment\""), "no second comment form");
            current = item(Keys.contact(sent.contactId()), Keys.pollAnswer("pulse", RUN, poll.getKey()));
            assertEquals("Quick setup, <b>great</b> docs", current.get("comment").s(), "stored as given, escaped on output");
            assertEquals(poll.getValue().toString(), current.get("score").n());
        }
        assertEquals(6, events(sent, "poll_answered").size());
    }

    @Test
    void eachPollKindIsAnsweredFromTheHubPageFormAndOutOfRangeScoresAre400() throws Exception {
        Sent sent = newContactEmailed("Di");
        String page = browser.get(browser.get(link(sent.message().html(), "Open your hub")).header("Location")).body();
        Map<String, String> forms = hubForms(page);
        assertEquals(List.of("recommend", "effort", "satisfaction"), List.copyOf(forms.keySet()));

        Map<String, List<String>> outOfRange = Map.of("recommend", List.of("11", "-1", "abc", "", "9.5"),
                "effort", List.of("0", "8"), "satisfaction", List.of("0", "6", "100"));
        Map<String, String> ranges = Map.of("recommend", "from 0 to 10", "effort", "from 1 to 7", "satisfaction", "from 1 to 5");
        for (Map.Entry<String, List<String>> poll : outOfRange.entrySet()) {
            for (String score : poll.getValue()) {
                LocalClient.Response refused = browser.postForm(forms.get(poll.getKey()), "score=" + score + "&comment=x");
                assertEquals(400, refused.status(), poll.getKey() + " score " + score + ": " + refused.body());
                assertTrue(refused.body().contains(ranges.get(poll.getKey())), refused.body());
                assertTrue(refused.body().contains("Nothing was recorded"), refused.body());
            }
            assertNull(item(Keys.contact(sent.contactId()), Keys.pollAnswer("pulse", RUN, poll.getKey())));
        }
        LocalClient.Response hostile = browser.postForm(forms.get("recommend"), "score=%3Cscript%3E");
        assertEquals(400, hostile.status());
        assertTrue(hostile.body().contains("&#39;&lt;script&gt;&#39; is not a score"), "escaped: " + hostile.body());

        Map<String, Integer> scores = Map.of("recommend", 0, "effort", 1, "satisfaction", 5);
        for (Map.Entry<String, Integer> poll : scores.entrySet()) {
            LocalClient.Response answered = browser.postForm(forms.get(poll.getKey()),
                    "score=" + poll.getValue() + "&comment=From+the+page");
            assertEquals(200, answered.status(), answered.body());
            Map<String, AttributeValue> current = item(Keys.contact(sent.contactId()),
                    Keys.pollAnswer("pulse", RUN, poll.getKey()));
            assertEquals(poll.getValue().toString(), current.get("score").n());
            assertEquals("hub", current.get("source").s());
            assertEquals("From the page", current.get("comment").s());
        }
    }

    @Test
    void aContactHasOneCurrentAnswerPerPollAndEveryAnswerInItsHistory() throws Exception {
        Sent sent = newContactEmailed("Ed");
        String form = hubForms(browser.get(browser.get(link(sent.message().html(), "Open your hub")).header("Location"))
                .body()).get("recommend");
        assertEquals(200, browser.get(scoreLink(sent, "recommend", 3)).status());
        runtime.clock().advance(Duration.ofSeconds(1));
        assertEquals(200, browser.get(scoreLink(sent, "recommend", 9)).status());
        runtime.clock().advance(Duration.ofSeconds(1));
        assertEquals(200, browser.postForm(form, "score=7").status());

        Map<String, AttributeValue> current = item(Keys.contact(sent.contactId()), Keys.pollAnswer("pulse", RUN, "recommend"));
        assertEquals("7", current.get("score").n());
        assertEquals("3", current.get("answers").n());
        assertEquals("hub", current.get("source").s());
        List<String> history = new ArrayList<>();
        runtime.clients().dynamoDb().query(b -> b.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.contact(sent.contactId())),
                        ":sk", AttributeValue.fromS("POLLHISTORY#pulse#" + RUN + "#recommend#"))))
                .items().forEach(i -> history.add(i.get("score").n() + "/" + i.get("source").s()));
        assertEquals(List.of("3/email", "9/email", "7/hub"), history, "every answer, oldest first");
        long inInstance = runtime.clients().dynamoDb().query(b -> b.tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("GSI1PK = :pk").expressionAttributeValues(Map.of(":pk",
                        AttributeValue.fromS(Keys.pollAnswer("pulse", RUN, "recommend"))))).items().stream()
                .filter(i -> i.get(Keys.GSI1SK).s().equals(Keys.contact(sent.contactId()))).count();
        assertEquals(1, inInstance, "one current answer in the poll instance's results");
    }

    @Test
    void everyEmailCarriesOneClickUnsubscribeAndUnsubscribingStopsLaterSends() throws Exception {
        Sent sent = newContactEmailed("Flo");
        Map<String, String> headers = sent.message().headers();
        assertEquals("List-Unsubscribe=One-Click", headers.get("List-Unsubscribe-Post"));
        String unsubscribe = unsubscribeUrl(sent);
        assertTrue(unsubscribe.startsWith(runtime.baseUrl() + "/u/"), unsubscribe);
        assertEquals(unsubscribe, link(sent.message().html(), "Unsubscribe"), "the email's own link is the same page");

        LocalClient.Response confirm = browser.get(unsubscribe);
        assertEquals(200, confirm.status());
        assertTrue(confirm.body().contains("value=\"category\">Stop emails about surveys"), confirm.body());
        assertTrue(confirm.body().contains("value=\"all\">Stop all emails"), confirm.body());
        assertNull(item(Keys.contact(sent.contactId()), Keys.suppression("surveys")), "showing the page records nothing");

        LocalClient.Response oneClick = browser.postForm(unsubscribe, "List-Unsubscribe=One-Click");
        assertEquals(200, oneClick.status(), oneClick.body());
        assertTrue(oneClick.body().contains("no more emails about surveys"), oneClick.body());
        assertEquals("unsubscribed", item(Keys.contact(sent.contactId()), Keys.suppression("surveys")).get("reason").s());
        assertEquals(List.of("unsubscribed"), events(sent, "unsubscribed"));

        DeliveryService deliver = runtime.cairn("DeliverFunction").deliveryService();
        int before = runtime.outbox().emails().size();
        assertEquals(List.of(DeliveryService.Outcome.SKIPPED_SUPPRESSED, DeliveryService.Outcome.SENT),
                outcomes(deliver, request(sent, "survey-2", "surveys"), request(sent, "tips", "tips")),
                "other categories still reach the contact, in the same batch");

        assertEquals(200, browser.postForm(unsubscribe, "scope=all").status());
        assertNotNull(item(Keys.contact(sent.contactId()), Keys.SUPPRESSION_ALL));
        assertEquals(List.of(DeliveryService.Outcome.SKIPPED_SUPPRESSED), outcomes(deliver, request(sent, "tips-2", "tips")));
        assertEquals(before + 1, runtime.outbox().emails().size(), "only the one email of another category went out");
    }

    private static List<DeliveryService.Outcome> outcomes(DeliveryService deliver, DeliveryRequest... requests) {
        return deliver.deliver(List.of(requests), () -> false).stream().map(DeliveryService.Result::outcome).toList();
    }

    private static DeliveryRequest request(Sent sent, String runId, String category) {
        return new DeliveryRequest("pulse", sent.contactId(), runId, "main", sent.email(), "Later", "<p>Later</p>", "Later",
                null, category, null, null);
    }

    @Test
    void aPromoterSeesAnAdvocacyCallToActionOnTheirNextPage() throws Exception {
        Sent promoter = newContactEmailed("Pia");
        Sent passive = newContactEmailed("Pat");
        assertFalse(hubPage(promoter).contains("Write us a review"), "not before an answer");
        assertEquals(200, browser.get(scoreLink(promoter, "recommend", 10)).status());
        assertEquals(200, browser.get(scoreLink(passive, "recommend", 8)).status());
        browser.post("/local/drain", "{}");

        LocalClient.Response run = api.post("/v1/programs/pulse/runs", "{\"contact_ids\":[\"" + promoter.contactId()
                + "\",\"" + passive.contactId() + "\"]}");
        assertEquals(202, run.status(), run.body());
        JsonNode drained = Json.parse(browser.post("/local/drain", "{}").body());
        assertEquals(0, drained.path("deadLetterQueues").path("RenderDeadLetterQueue").asInt(), drained.toString());
        String next = hubPage(latestEmail(promoter));
        String cta = link(next, "Write us a review");
        assertTrue(cta.startsWith(runtime.baseUrl() + "/r/"), "a tracked call to action: " + cta);
        assertTrue(next.indexOf("Write us a review") < next.indexOf("Join the webinar"), "the advocacy ask comes first");
        assertEquals("https://example.com/review?source=nps", browser.get(cta).header("Location"));
        assertFalse(hubPage(latestEmail(passive)).contains("Write us a review"), "a passive (8) is not asked");
    }

    private static Sent latestEmail(Sent sent) {
        List<Outbox.Email> emails = runtime.outbox().emails().stream().filter(e -> e.to().get(0).equals(sent.email())).toList();
        return new Sent(sent.contactId(), sent.accountId(), sent.email(), emails.get(emails.size() - 1));
    }

    /** The hub page the email links to, as the contact's browser gets it through the tracked redirect. */
    private static String hubPage(Sent sent) {
        LocalClient.Response redirect = browser.get(link(sent.message().html(), "Open your hub"));
        return browser.get(redirect.header("Location")).body();
    }

    /** A new account and contact; the pulse program emails them. */
    private static Sent newContactEmailed(String firstName) throws Exception {
        String accountId = TestStack.unique("acc");
        String contactId = TestStack.unique("c");
        String email = contactId + "@customer.example";
        assertEquals(200, api.post("/v1/accounts", "[{\"account_id\":\"" + accountId + "\",\"name\":\"Pulse Co\"}]").status());
        LocalClient.Response posted = api.post("/v1/contacts", "[{\"contact_id\":\"" + contactId + "\",\"account_id\":\""
                + accountId + "\",\"email\":\"" + email + "\",\"first_name\":\"" + firstName + "\"}]");
        assertEquals(1, Json.parse(posted.body()).path("created").asInt(), posted.body());
        JsonNode drained = Json.parse(browser.post("/local/drain", "{}").body());
        assertEquals(0, drained.path("deadLetterQueues").path("RenderDeadLetterQueue").asInt(), drained.toString());
        Outbox.Email message = runtime.outbox().emails().stream().filter(e -> e.to().get(0).equals(email)).findFirst()
                .orElseThrow(() -> new AssertionError("no email to the new contact"));
        return new Sent(contactId, accountId, email, message);
    }

    private static String link(String html, String label) {
        Matcher m = Pattern.compile("href=\"([^\"]+)\"[^>]*>" + Pattern.quote(label) + "<").matcher(html);
        assertTrue(m.find(), "a link '" + label + "' in " + html);
        return m.group(1);
    }

    private static String scoreLink(Sent sent, String poll, int score) {
        Matcher paragraph = Pattern.compile("<p class=\"poll-" + poll + "\">(.*?)</p>").matcher(sent.message().html());
        assertTrue(paragraph.find(), "answer links of " + poll);
        return link(paragraph.group(1), Integer.toString(score));
    }

    private static String unsubscribeUrl(Sent sent) {
        String header = sent.message().headers().get("List-Unsubscribe");
        assertNotNull(header, "a List-Unsubscribe header: " + sent.message().headers());
        assertTrue(header.startsWith("<") && header.endsWith(">"), header);
        return header.substring(1, header.length() - 1);
    }

    private static String formAction(String page) {
        Matcher m = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">").matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }

    /** The hub page's poll forms by poll id, in page order. */
    private static Map<String, String> hubForms(String page) {
        Map<String, String> forms = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("id=\"([a-z]+)\" aria-labelledby=\"[a-z]+-h\">\\s*<h2[^>]*>[^<]*</h2>\\s*<form method=\"post\""
                + " action=\"([^\"]+)\">").matcher(page);
        while (m.find()) {
            forms.put(m.group(1), m.group(2));
        }
        return forms;
    }

    private static Map<String, AttributeValue> item(String pk, String sk) {
        Map<String, AttributeValue> item = runtime.clients().dynamoDb().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(sk)))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /** The names of the contact's events in its account's partition, in key order; all of them when name is null. */
    private static List<String> events(Sent sent, String name) {
        List<String> names = new ArrayList<>();
        runtime.clients().dynamoDb().query(b -> b.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.account(sent.accountId())),
                        ":sk", AttributeValue.fromS("EVENT#")))).items().stream()
                .filter(i -> sent.contactId().equals(i.get("contact_id").s()))
                .map(i -> i.get("event").s()).filter(e -> name == null || e.equals(name)).forEach(names::add);
        names.sort(null);
        return names;
    }
}
