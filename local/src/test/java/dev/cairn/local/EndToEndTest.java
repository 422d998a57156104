package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One contact from the ingestion API to an email whose link opens that contact's hub page. */
class EndToEndTest {

    /** The email links to the page through the tracked redirect, which leads to the page itself. */
    private static final Pattern HREF = Pattern.compile("href=\"(http://127\\.0\\.0\\.1:\\d+/r/[A-Za-z0-9_-]+)\"");
    private static final Pattern PAGE = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/hub/(h/[A-Za-z0-9_-]+\\.html)");
    private static LocalRuntime runtime;
    private static LocalClient api;

    @BeforeAll
    static void start() throws Exception {
        runtime = TestStack.shared();
        api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
        LocalClient.Response saved = api.put("/v1/programs/welcome", Demo.programBody(Path.of("examples/programs/welcome")));
        assertEquals(200, saved.status(), saved.body());
    }

    @Test
    void hostileFirstNameIsEscapedInThePersonalHubPage() throws Exception {
        String accountId = TestStack.unique("acc");
        String contactId = TestStack.unique("c");
        String email = contactId + "@customer.example";
        assertEquals(200, api.post("/v1/accounts", "[{\"account_id\":\"" + accountId
                + "\",\"name\":\"Acme <b>Rockets</b>\",\"plan\":\"Team\"}]").status());
        LocalClient.Response posted = api.post("/v1/contacts", "[{\"contact_id\":\"" + contactId + "\",\"account_id\":\""
                + accountId + "\",\"email\":\"" + email + "\",\"first_name\":\"<script>alert(1)</script>\",\"role\":\"admin\"}]");
        assertEquals(200, posted.status(), posted.body());
        assertEquals(1, Json.parse(posted.body()).path("created").asInt(), posted.body());

        JsonNode drained = Json.parse(new LocalClient(runtime.baseUrl(), null).post("/local/drain", "{}").body());
        assertTrue(drained.path("drained").asBoolean());

        JsonNode sent = emailTo(email);
        assertNotNull(sent, "no email to the new contact in the outbox");
        assertEquals("<script>alert(1)</script>, your Acme <b>Rockets</b> success hub is ready", sent.path("subject").asText(),
                "the subject is plain text: no HTML escaping there");
        String html = sent.path("html").asText();
        assertFalse(html.contains("<script>alert(1)"), html);
        assertTrue(html.contains("Hi &lt;script&gt;alert(1)&lt;/script&gt;,"), html);

        Matcher tracked = HREF.matcher(html);
        assertTrue(tracked.find(), "the email links to a hub page: " + html);
        assertTrue(sent.path("text").asText().contains(tracked.group(1)), "the text part carries the same link");
        Matcher link = PAGE.matcher(String.valueOf(api.redirectTarget(tracked.group(1))));
        assertTrue(link.matches(), "the tracked link leads to the hub page");
        String key = link.group(1);
        assertFalse(key.contains(contactId) || key.contains(accountId), "the page key carries no customer id");
        assertTrue(key.length() >= "h/.html".length() + 43, "the page key carries at least 256 random bits");

        LocalClient.Response page = api.get(link.group());
        assertEquals(200, page.status());
        assertTrue(page.body().contains("Welcome, &lt;script&gt;alert(1)&lt;/script&gt;"), page.body());
        assertTrue(page.body().contains("Acme &lt;b&gt;Rockets&lt;/b&gt;"), "account name is escaped too");
        assertTrue(page.body().contains("as admin"), "the page is personalised to the contact's role");
        assertFalse(page.body().contains("<script>"), "no script element at all in a hub page");
    }

    @Test
    void rePostingTheSameContactChangesNothingAndSendsNothingMore() throws Exception {
        String accountId = TestStack.unique("acc");
        String contactId = TestStack.unique("c");
        String email = contactId + "@customer.example";
        api.post("/v1/accounts", "[{\"account_id\":\"" + accountId + "\",\"name\":\"Repeat Co\"}]");
        String contact = "[{\"contact_id\":\"" + contactId + "\",\"account_id\":\"" + accountId + "\",\"email\":\"" + email
                + "\",\"first_name\":\"Rita\"}]";
        assertEquals(1, Json.parse(api.post("/v1/contacts", contact).body()).path("created").asInt());
        new LocalClient(runtime.baseUrl(), null).post("/local/drain", "{}");

        JsonNode again = Json.parse(api.post("/v1/contacts", contact).body());
        assertEquals(1, again.path("unchanged").asInt(), again.toString());
        assertEquals(0, again.path("created").asInt() + again.path("updated").asInt(), again.toString());
        assertTrue(again.path("message").asText().contains("nothing changed"), again.toString());
        new LocalClient(runtime.baseUrl(), null).post("/local/drain", "{}");

        long sent = 0;
        for (JsonNode e : Json.parse(api.get("/local/outbox").body())) {
            sent += e.path("to").get(0).asText().equals(email) ? 1 : 0;
        }
        assertEquals(1, sent, "one welcome email, not two");
    }

    private static JsonNode emailTo(String address) throws Exception {
        for (JsonNode e : Json.parse(api.get("/local/outbox").body())) {
            if (e.path("to").get(0).asText().equals(address)) {
                return e;
            }
        }
        return null;
    }
}
