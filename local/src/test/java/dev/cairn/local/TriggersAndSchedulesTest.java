package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Triggers, scheduled reviews, runs and send windows, walked with the local clock. */
class TriggersAndSchedulesTest {

    /** A small program: the YAML's trigger and options as given, a page and an email that link to the hub. */
    static String program(String id, String settings) {
        String yaml = "id: " + id + "\nname: " + id + "\n" + settings + "\npage: page.liquid\nemail:\n  subject: \"Hello {{ contact.first_name }}\"\n"
                + "  html: email.liquid\n  text: email.txt\n";
        return Json.write(Json.object().put("program", yaml).set("files", Json.object()
                .put("page.liquid", "<h1>{{ contact.first_name }} at {{ account.name }}</h1>")
                .put("email.liquid", "<p><a href=\"{{ hub.url }}\">Open</a></p>").put("email.txt", "Open: {{ hub.url }}")));
    }

    private static long sentTo(LocalRuntime runtime, String address) {
        return runtime.outbox().emails().stream().filter(e -> e.to().get(0).equals(address)).count();
    }

    private static void drain(LocalRuntime runtime) {
        runtime.drain(Duration.ofMinutes(2));
    }

    @Test
    void anOverdueOnboardingTaskRemindsOnlyTheContactsWhoOwnItOnce() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            runtime.setClock(Instant.parse("2026-06-01T12:00:00Z"));
            assertEquals(200, api.put("/v1/programs/overdue", program("overdue",
                    "trigger:\n  on: task_overdue\n  days_overdue: 3\nentry:\n  cooldown_days: 90")).status());
            // The contract start starts the built-in onboarding plan: the admin's readiness tasks were due days -4..-1,
            // the end user's first task (first value) on day 30.
            api.post("/v1/accounts", "[{\"account_id\":\"acc-o\",\"name\":\"Late Co\",\"contract_start\":\"2026-06-01\"}]");
            api.post("/v1/contacts", "[{\"contact_id\":\"c-oa\",\"account_id\":\"acc-o\",\"email\":\"admin@late.example\","
                    + "\"role\":\"admin\"},{\"contact_id\":\"c-ou\",\"account_id\":\"acc-o\",\"email\":\"user@late.example\","
                    + "\"role\":\"End User\"}]");
            drain(runtime);

            runtime.advanceClock(Duration.ofDays(1));
            drain(runtime);
            assertEquals(1, sentTo(runtime, "admin@late.example"), "the admin's readiness tasks are more than 3 days late");
            assertEquals(0, sentTo(runtime, "user@late.example"), "none of the overdue tasks is the end user's");

            runtime.advanceClock(Duration.ofDays(32)); // day 33: first value is 3 days late, inside the grace days
            drain(runtime);
            assertEquals(0, sentTo(runtime, "user@late.example"));

            runtime.advanceClock(Duration.ofDays(1));
            drain(runtime);
            assertEquals(1, sentTo(runtime, "user@late.example"), "day 34: first value is 4 days late");

            runtime.advanceClock(Duration.ofDays(1));
            drain(runtime);
            assertEquals(1, sentTo(runtime, "user@late.example"), "each occasion once, then the cooldown holds");
            assertEquals(1, sentTo(runtime, "admin@late.example"));
        }
    }

    @Test
    void aRenewalProgramFiresNinetyDaysOutOnceWhateverIsReImported() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            runtime.setClock(Instant.parse("2026-06-01T12:00:00Z"));
            assertEquals(200, api.put("/v1/programs/renewal", program("renewal",
                    "trigger:\n  on: renewal_approaching\n  days_before: 90")).status());
            String renewal = LocalDate.parse("2026-06-01").plusDays(95).toString();
            String account = "[{\"account_id\":\"acc-r\",\"name\":\"Renew Co\",\"renewal_date\":\"" + renewal + "\"}]";
            api.post("/v1/accounts", account);
            api.post("/v1/contacts", "[{\"contact_id\":\"c-r\",\"account_id\":\"acc-r\",\"email\":\"r@customer.example\",\"first_name\":\"Rae\"}]");
            drain(runtime);
            assertEquals(0, sentTo(runtime, "r@customer.example"), "95 days out: not yet");

            runtime.advanceClock(Duration.ofDays(4));
            drain(runtime);
            assertEquals(0, sentTo(runtime, "r@customer.example"), "91 days out: not yet");

            runtime.advanceClock(Duration.ofDays(1));
            drain(runtime);
            assertEquals(1, sentTo(runtime, "r@customer.example"), "90 days out: the daily sweep starts the program");

            api.post("/v1/accounts", account);
            api.post("/v1/accounts", account.replace("Renew Co", "Renew Company"));
            for (int day = 0; day < 3; day++) {
                runtime.advanceClock(Duration.ofDays(1));
            }
            drain(runtime);
            assertEquals(1, sentTo(runtime, "r@customer.example"), "re-imports and later sweeps do not start it again");

            runtime.advanceClock(Duration.ofDays(92));
            drain(runtime);
            assertEquals(1, sentTo(runtime, "r@customer.example"), "nothing more up to and past the renewal date");
        }
    }

    @Test
    void aScheduledReviewStartsOneRunAtItsCronTimeAndItsCountersAddUp() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            runtime.setClock(Instant.parse("2026-11-16T12:00:00Z")); // Monday 7:00 in New York
            assertEquals(200, api.put("/v1/programs/weekly-review", program("weekly-review",
                    "trigger:\n  on: schedule\nschedule:\n  cron: \"0 9 * * 1\"\n  timezone: America/New_York\n"
                            + "audience:\n  segments: [SMB]")).status());
            runtime.tickSchedules(); // The scheduler meets the new schedule: it counts from now.
            api.post("/v1/accounts", "[{\"account_id\":\"acc-s\",\"name\":\"Small\",\"segment\":\"SMB\"},"
                    + "{\"account_id\":\"acc-e\",\"name\":\"Large\",\"segment\":\"Enterprise\"}]");
            api.post("/v1/contacts", "[{\"contact_id\":\"s1\",\"account_id\":\"acc-s\",\"email\":\"s1@customer.example\"},"
                    + "{\"contact_id\":\"s2\",\"account_id\":\"acc-s\",\"email\":\"s2@customer.example\"},"
                    + "{\"contact_id\":\"e1\",\"account_id\":\"acc-e\",\"email\":\"e1@customer.example\"},"
                    + "{\"contact_id\":\"e2\",\"account_id\":\"acc-e\",\"email\":\"e2@customer.example\"}]");
            drain(runtime);
            assertEquals(0, runtime.outbox().emails().size());

            runtime.advanceClock(Duration.ofHours(3)); // 10:00 in New York: 9:00 has passed.
            drain(runtime);
            JsonNode run = Json.parse(api.get("/v1/runs/run-weekly-review-20261116T1400").body());
            JsonNode counters = run.path("counters");
            assertEquals("schedule", run.path("started_by").asText(), run.toString());
            assertEquals(2, counters.path("audience").asInt(), run.toString());
            assertEquals(2, counters.path("skipped_condition_false").asInt(), "the Enterprise contacts: " + run);
            assertEquals(2, counters.path("rendered").asInt(), run.toString());
            assertEquals(2, counters.path("sent").asInt(), run.toString());
            assertEquals(1, sentTo(runtime, "s1@customer.example"));
            assertEquals(0, sentTo(runtime, "e1@customer.example"));

            runtime.advanceClock(Duration.ofHours(5));
            drain(runtime);
            assertEquals(2, runtime.outbox().emails().size(), "the schedule fires once a week, not on every tick");

            JsonNode dry = Json.parse(api.post("/v1/programs/weekly-review/runs", "{\"dry_run\":true}").body());
            drain(runtime);
            JsonNode dryRun = Json.parse(api.get("/v1/runs/" + dry.path("run_id").asText()).body());
            assertTrue(dryRun.path("dry_run").asBoolean());
            assertEquals(2, dryRun.path("counters").path("rendered").asInt(), dryRun.toString());
            assertFalse(dryRun.path("counters").has("sent"), "a dry run renders and sends nothing: " + dryRun);
            assertEquals(2, runtime.outbox().emails().size());

            JsonNode listed = Json.parse(api.post("/v1/programs/weekly-review/runs", "{\"contact_ids\":[\"s1\",\"nobody\"]}").body());
            drain(runtime);
            JsonNode listedRun = Json.parse(api.get("/v1/runs/" + listed.path("run_id").asText()).body()).path("counters");
            assertEquals(1, listedRun.path("audience").asInt(), listedRun.toString());
            assertEquals(1, listedRun.path("not_found").asInt(), listedRun.toString());
            assertEquals(1, listedRun.path("sent").asInt(), listedRun.toString());
            assertEquals(2, sentTo(runtime, "s1@customer.example"), "a new run is a new occasion");
            assertEquals(404, api.post("/v1/programs/no-such-program/runs", "{}").status());
        }
    }

    @Test
    void anEmailOutsideTheContactsSendWindowWaitsForItToOpenInTheirTimeZone() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            runtime.setClock(Instant.parse("2026-11-20T15:00:00Z")); // Friday: 10:00 in New York, Saturday 0:00 in Tokyo
            assertEquals(200, api.put("/v1/programs/welcome-hours", program("welcome-hours",
                    "trigger:\n  on: contact_created\nsend_window:\n  days: [mon, tue, wed, thu, fri]\n  from: \"09:00\"\n  to: \"17:00\"")).status());
            api.post("/v1/accounts", "[{\"account_id\":\"acc-w\",\"name\":\"World Co\"}]");
            api.post("/v1/contacts", "[{\"contact_id\":\"ny\",\"account_id\":\"acc-w\",\"email\":\"ny@customer.example\",\"timezone\":\"America/New_York\"},"
                    + "{\"contact_id\":\"tk\",\"account_id\":\"acc-w\",\"email\":\"tk@customer.example\",\"timezone\":\"Asia/Tokyo\"}]");
            drain(runtime);
            assertEquals(1, sentTo(runtime, "ny@customer.example"));
            assertEquals(0, sentTo(runtime, "tk@customer.example"), "Saturday in Tokyo: the email waits");

            runtime.advanceClock(Duration.ofDays(2)); // Sunday 15:00 UTC: Monday 0:00 in Tokyo, still closed
            drain(runtime);
            assertEquals(0, sentTo(runtime, "tk@customer.example"));

            runtime.advanceClock(Duration.ofHours(9).plusMinutes(30)); // Monday 9:30 in Tokyo
            drain(runtime);
            assertEquals(1, sentTo(runtime, "tk@customer.example"), "sent when the window opens");
            runtime.advanceClock(Duration.ofHours(1));
            drain(runtime);
            assertEquals(2, runtime.outbox().emails().size(), "each contact exactly once");
        }
    }

    @Test
    void aUsageDropStartsTheRescueOnceAndAgainOnlyAfterTheCooldown() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            runtime.setClock(Instant.parse("2026-11-01T12:00:00Z"));
            assertEquals(200, api.put("/v1/programs/rescue", program("rescue",
                    "trigger:\n  on: usage_drop\n  metric: queries_30d\n  percent: 20\nentry:\n  cooldown_days: 30")).status());
            api.post("/v1/accounts", "[{\"account_id\":\"acc-u\",\"name\":\"Usage Co\"}]");
            api.post("/v1/contacts", "[{\"contact_id\":\"u1\",\"account_id\":\"acc-u\",\"email\":\"u1@customer.example\"}]");
            String point = "[{\"account_id\":\"acc-u\",\"metric\":\"queries_30d\",\"date\":\"%s\",\"value\":%d}]";
            api.post("/v1/metrics", String.format(point, "2026-11-01", 1000));
            drain(runtime);
            assertEquals(0, sentTo(runtime, "u1@customer.example"), "a first point is no drop");

            api.post("/v1/metrics", String.format(point, "2026-11-08", 700));
            drain(runtime);
            assertEquals(1, sentTo(runtime, "u1@customer.example"), "down 30%");

            api.post("/v1/metrics", String.format(point, "2026-11-08", 700));
            api.post("/v1/metrics", String.format(point, "2026-11-15", 500));
            drain(runtime);
            assertEquals(1, sentTo(runtime, "u1@customer.example"), "a re-import changes nothing; a new drop waits out the cooldown");

            runtime.advanceClock(Duration.ofDays(31));
            api.post("/v1/metrics", String.format(point, "2026-12-02", 300));
            drain(runtime);
            assertEquals(2, sentTo(runtime, "u1@customer.example"), "after the cooldown a new drop starts it again");
        }
    }
}
