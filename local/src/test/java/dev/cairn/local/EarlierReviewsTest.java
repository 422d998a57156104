package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A contact's hub page is replaced by each render, and lists the earlier reviews, each kept under its own
 * unguessable key, newest first; erasing the contact deletes every one of them.
 */
class EarlierReviewsTest {

    private static final Pattern TRACKED = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/r/[A-Za-z0-9_-]+");
    private static final Pattern REVIEW = Pattern.compile(
            "<li><a href=\"(http://127\\.0\\.0\\.1:\\d+/hub/(h/[A-Za-z0-9_-]{43}\\.html))\">([^<]+)</a>, <time datetime=\"([^\"]+)\">");

    @Test
    void eachRenderIsKeptListedOnTheCurrentPageAndErasedWithTheContact() throws Exception {
        LocalRuntime runtime = TestStack.shared();
        LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
        String program = TestStack.unique("review");
        String account = TestStack.unique("acc");
        String contact = TestStack.unique("c");
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
        api.post("/v1/accounts", "[{\"account_id\":\"" + account + "\",\"name\":\"Review Co\"}]");
        api.post("/v1/contacts", "[{\"contact_id\":\"" + contact + "\",\"account_id\":\"" + account
                + "\",\"email\":\"" + contact + "@customer.example\"}]");
        runtime.drain(Duration.ofMinutes(1));

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

        String current = api.get(page).body();
        List<String[]> listed = new ArrayList<>();
        Matcher review = REVIEW.matcher(current);
        while (review.find()) {
            listed.add(new String[] {review.group(1), review.group(2), review.group(3), review.group(4)});
        }
        assertTrue(current.contains("<h2 id=\"reviews-h\">Earlier reviews</h2>"), current);
        assertEquals(2, listed.size(), "the two earlier runs, not the current one: " + current);
        assertEquals("Review &amp; &lt;more&gt;", listed.get(0)[2], "the program's name, escaped");
        assertTrue(listed.get(0)[3].compareTo(listed.get(1)[3]) > 0, "newest first");
        assertFalse(listed.get(0)[1].equals(listed.get(1)[1]) || page.endsWith(listed.get(0)[1]), "a key per review");
        LocalClient.Response newest = api.get(listed.get(0)[0]);
        assertEquals(200, newest.status());
        assertTrue(newest.body().contains("Earlier reviews") && newest.body().split("<li><a href=", -1).length == 2,
                "the second run's page, which listed the first: " + newest.body());
        LocalClient.Response oldest = api.get(listed.get(1)[0]);
        assertEquals(200, oldest.status());
        assertFalse(oldest.body().contains("Earlier reviews"), "the first run's page listed nothing");

        LocalClient.Response erased = api.delete("/v1/contacts/" + contact);
        assertEquals(200, erased.status(), erased.body());
        JsonNode report = Json.parse(erased.body());
        assertEquals(4, report.path("hub_pages").asInt(), "the current page and three kept reviews: " + report);
        assertEquals(404, api.get(page).status());
        String bucket = runtime.resources().ref("HubBucket");
        for (String[] kept : listed) {
            assertEquals(404, api.get(kept[0]).status());
            var versions = runtime.clients().s3().listObjectVersions(b -> b.bucket(bucket).prefix(kept[1]));
            assertEquals(0, versions.versions().size() + versions.deleteMarkers().size(), "no version is kept");
        }
    }
}
