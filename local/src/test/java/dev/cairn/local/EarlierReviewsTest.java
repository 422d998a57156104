package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import dev.cairn.render.HubPageStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A contact's hub page is replaced by each render, and lists the earlier reviews, newest first: each is a stored
 * version of the same page, opened by its link; erasing the contact deletes every version.
 */
class EarlierReviewsTest {

    private static final Pattern TRACKED = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/r/[A-Za-z0-9_-]+");
    private static final Pattern REVIEW = Pattern.compile("<li><a href=\"(http://127\\.0\\.0\\.1:\\d+/hub/(h/[A-Za-z0-9_-]{43}\\.html)"
            + "(?:\\?versionId=([A-Za-z0-9._%-]+))?)\">([^<]+)</a>, <time datetime=\"([^\"]+)\">");

    @Test
    void eachRenderIsAVersionListedOnTheCurrentPageOpenedByItsLinkAndErasedWithTheContact() throws Exception {
        LocalRuntime runtime = TestStack.shared();
        LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
        String program = uploadProgram(api);
        String contact = createContact(runtime, api);

        String page = renderThreeTimes(runtime, api, program, contact);

        String current = api.get(page).body();
        List<String[]> listed = listed(current);
        assertTrue(current.contains("<h2 id=\"reviews-h\">Earlier reviews</h2>"), current);
        assertEquals(2, listed.size(), "the two earlier runs, not the current one: " + current);
        assertEquals("Review &amp; &lt;more&gt;", listed.get(0)[3], "the program's name, escaped");
        assertTrue(listed.get(0)[4].compareTo(listed.get(1)[4]) > 0, "newest first");
        for (String[] review : listed) {
            assertTrue(page.endsWith(review[1]), "a stored version of the page itself: " + review[0]);
        }
        assertFalse(listed.get(0)[2].equals(listed.get(1)[2]), "a version per review");

        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.send("Page.enable");
            chromium.send("DOM.enable");
            chromium.open(page);
            List<String> links = new ArrayList<>();
            chromium.evaluate("Array.from(document.querySelectorAll('nav.reviews a')).map(a => a.href)")
                    .forEach(href -> links.add(href.asText()));
            assertEquals(List.of(listed.get(0)[0], listed.get(1)[0]), links, "the links the browser follows");
            // Each link clicked on the current page opens that run's page, as it was.
            for (int i = 0; i < 2; i++) {
                chromium.open(page);
                int seen = chromium.events().size();
                chromium.click("nav.reviews li:nth-child(" + (i + 1) + ") a");
                chromium.awaitEvent("Page.loadEventFired", seen);
                assertEquals(links.get(i), chromium.evaluate("document.location.href").asText());
                assertEquals(1 - i, chromium.evaluate("document.querySelectorAll('nav.reviews a').length").asInt(),
                        i == 0 ? "the second run's page, which listed the first" : "the first run's page listed nothing");
                assertTrue(chromium.evaluate("document.body.innerText").asText().contains("Run "), "the page's content");
            }
        }

        for (String forged : List.of("forged", "..%2F..%2Fh%2Fother.html", listed.get(0)[2] + "x")) {
            LocalClient.Response response = api.get(page + "?versionId=" + forged);
            assertEquals(404, response.status(), forged + ": " + response.body());
            assertFalse(response.body().contains("Exception"), response.body());
        }

        LocalClient.Response erased = api.delete("/v1/contacts/" + contact);
        assertEquals(200, erased.status(), erased.body());
        JsonNode report = Json.parse(erased.body());
        assertEquals(3, report.path("hub_pages").asInt(), "the current page and two earlier reviews: " + report);
        assertEquals(404, api.get(page).status());
        for (String[] kept : listed) {
            assertEquals(404, api.get(kept[0]).status());
        }
        var versions = runtime.clients().s3().listObjectVersions(b -> b.bucket(runtime.hubBucket()).prefix(listed.get(0)[1]));
        assertEquals(0, versions.versions().size() + versions.deleteMarkers().size(), "no version is kept");
    }

    /**
     * Reviews kept under keys of their own, as renders kept them before reviews were versions of the page: the next
     * render lists them beside the new ones, and erasure deletes them.
     */
    @Test
    void reviewsKeptUnderKeysOfTheirOwnStayListedAndAreErased() throws Exception {
        LocalRuntime runtime = TestStack.shared();
        LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
        String program = uploadProgram(api);
        String contact = createContact(runtime, api);
        String table = runtime.resources().ref("CairnTable");
        String pageKey = HubPageStore.newKey();
        String ownKey = HubPageStore.newKey();
        runtime.clients().dynamoDb().putItem(b -> b.tableName(table).item(Map.of(
                "PK", AttributeValue.fromS("CONTACT#" + contact), "SK", AttributeValue.fromS("HUB"),
                "type", AttributeValue.fromS("hub_page"), "key", AttributeValue.fromS(pageKey))));
        runtime.clients().dynamoDb().putItem(b -> b.tableName(table).item(Map.of(
                "PK", AttributeValue.fromS("CONTACT#" + contact), "SK", AttributeValue.fromS("REVIEW#old#run-old"),
                "type", AttributeValue.fromS("review"), "key", AttributeValue.fromS(ownKey),
                "program_id", AttributeValue.fromS("old"), "run_id", AttributeValue.fromS("run-old"),
                "program_name", AttributeValue.fromS("Old review"), "rendered_at", AttributeValue.fromS("2020-01-05T10:00:00Z"))));
        runtime.clients().s3().putObject(b -> b.bucket(runtime.hubBucket()).key(ownKey).contentType("text/html; charset=utf-8"),
                RequestBody.fromString("<p>the old review</p>"));

        String page = renderThreeTimes(runtime, api, program, contact);

        assertTrue(page.endsWith(pageKey), "the page stays where it was: " + page);
        List<String[]> listed = listed(api.get(page).body());
        assertEquals(3, listed.size(), "two earlier runs and the old review: " + listed);
        assertEquals("Old review", listed.get(2)[3], "oldest last");
        assertEquals(ownKey, listed.get(2)[1]);
        assertEquals(null, listed.get(2)[2], "under its own key, no version");
        assertEquals("<p>the old review</p>", api.get(listed.get(2)[0]).body());

        JsonNode report = Json.parse(api.delete("/v1/contacts/" + contact).body());
        assertEquals(4, report.path("hub_pages").asInt(), "three versions of the page and the old review: " + report);
        assertEquals(404, api.get(listed.get(2)[0]).status());
        var versions = runtime.clients().s3().listObjectVersions(b -> b.bucket(runtime.hubBucket()).prefix(ownKey));
        assertEquals(0, versions.versions().size() + versions.deleteMarkers().size(), "no version is kept");
    }

    private static String uploadProgram(LocalClient api) {
        String program = TestStack.unique("review");
        ObjectNode body = Json.object().put("program", """
                id: %s
                name: Review & <more>
                trigger:
                  on: manual
                email:
                  subject: "Your review"
                  html: email.liquid
                  text: email.txt
                scenes:
                  - {type: intro, title: "Run {{ today }}"}
                """.formatted(program));
        body.putObject("files").put("email.liquid", "<p>{{ hub.url }}</p>").put("email.txt", "{{ hub.url }}");
        assertEquals(200, api.put("/v1/programs/" + program, Json.write(body)).status());
        return program;
    }

    private static String createContact(LocalRuntime runtime, LocalClient api) {
        String account = TestStack.unique("acc");
        String contact = TestStack.unique("c");
        api.post("/v1/accounts", "[{\"account_id\":\"" + account + "\",\"name\":\"Review Co\"}]");
        api.post("/v1/contacts", "[{\"contact_id\":\"" + contact + "\",\"account_id\":\"" + account
                + "\",\"email\":\"" + contact + "@customer.example\"}]");
        runtime.drain(Duration.ofMinutes(1));
        return contact;
    }

    /** Runs the program for the contact three times; returns the page its first email links to. */
    private static String renderThreeTimes(LocalRuntime runtime, LocalClient api, String program, String contact) {
        String page = null;
        for (int run = 1; run <= 3; run++) {
            LocalClient.Response started = api.post("/v1/programs/" + program + "/runs",
                    "{\"contact_ids\":[\"" + contact + "\"]}");
            assertEquals(202, started.status(), started.body());
            runtime.drain(Duration.ofMinutes(1));
            if (page == null) {
                Matcher tracked = TRACKED.matcher(runtime.outbox().emails().stream()
                        .filter(e -> e.to().contains(contact + "@customer.example")).findFirst().orElseThrow().text());
                assertTrue(tracked.find());
                page = api.redirectTarget(tracked.group());
            }
        }
        return page;
    }

    /** Each listed review: its URL, its object key, its version id (or null), the program's name, the date. */
    private static List<String[]> listed(String page) {
        List<String[]> listed = new ArrayList<>();
        Matcher review = REVIEW.matcher(page);
        while (review.find()) {
            listed.add(new String[] {review.group(1), review.group(2), review.group(3), review.group(4), review.group(5)});
        }
        return listed;
    }
}
