package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import dev.cairn.pipeline.ChangeMessage;
import dev.cairn.ingest.EntitySchema;
import dev.cairn.ingest.RecordValidator;
import dev.cairn.plan.Plan;
import dev.cairn.store.PlanStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 90-day onboarding through the API on the local runtime, moving the local clock: tasks completed by hand, by an
 * event and by a metric, out of sequence; status, next best actions and the onboarding metrics along the way.
 */
class SuccessPlanTest {

    private static LocalRuntime runtime;
    private static LocalClient api;

    @BeforeAll
    static void start() {
        // A runtime of its own: this test moves the clock by months.
        runtime = TestStack.fresh();
        runtime.clock().set(Instant.parse("2026-01-05T09:00:00Z"));
        api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static LocalDate today() {
        return runtime.clock().instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static void advanceTo(LocalDate start, int day) {
        runtime.clock().set(start.plusDays(day).atTime(9, 0).toInstant(ZoneOffset.UTC));
    }

    private static JsonNode ok(LocalClient.Response response, int status) throws Exception {
        assertEquals(status, response.status(), response.body());
        return Json.parse(response.body());
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.path(field).asText()));
        return ids;
    }

    private static JsonNode plan(String accountId, String planId, String contactId) throws Exception {
        JsonNode plans = ok(api.get("/v1/accounts/" + accountId + "/plans?contact_id=" + contactId), 200).path("plans");
        for (JsonNode plan : plans) {
            if (plan.path("plan_id").asText().equals(planId)) {
                return plan;
            }
        }
        throw new AssertionError("no plan " + planId + " in " + plans);
    }

    private static String task(JsonNode plan, String taskId, String field) {
        for (JsonNode t : plan.path("tasks")) {
            if (t.path("id").asText().equals(taskId)) {
                return t.path(field).asText();
            }
        }
        throw new AssertionError("no task " + taskId);
    }

    private static void complete(String accountId, String planId, String... tasks) throws Exception {
        for (String task : tasks) {
            ok(api.post("/v1/accounts/" + accountId + "/plans/" + planId + "/tasks/" + task + "/complete", ""), 200);
        }
    }

    @Test
    void aNinetyDayOnboardingThroughTheApi() throws Exception {
        String accountId = TestStack.unique("acc");
        String admin = TestStack.unique("c-admin");
        LocalDate start = today();
        ok(api.post("/v1/accounts", "[{\"account_id\":\"" + accountId + "\",\"name\":\"Plan Co\",\"segment\":\"SMB\","
                + "\"contract_start\":\"" + start + "\",\"licenses_purchased\":10}]"), 200);
        ok(api.post("/v1/contacts", "[{\"contact_id\":\"" + admin + "\",\"account_id\":\"" + accountId
                + "\",\"email\":\"" + admin + "@plan.example\",\"role\":\"admin\"}]"), 200);

        // The contract start starts the onboarding plan; starting it again through the API is refused.
        drainWithoutDeadLetters();
        JsonNode started = onlyPlan(accountId, "onboarding");
        String planId = started.path("plan_id").asText();
        assertEquals(start.toString(), started.path("start_date").asText(), "from the account's contract start");
        assertEquals(start.plusDays(90).toString(), started.path("end_date").asText());
        assertEquals("trigger: contract_start", started.path("changes").get(0).path("by").asText());
        assertEquals(409, api.post("/v1/accounts/" + accountId + "/plans", "{}").status(), "a retry starts no second plan");

        // Day 0: the admin's readiness tasks are already overdue, so they lead, earliest due first.
        JsonNode day0 = plan(accountId, planId, admin);
        assertEquals(List.of("readiness-admin", "readiness-data", "readiness-access"),
                ids(day0.path("for_contact").path("next_actions"), "task").subList(0, 3));
        assertTrue(day0.path("for_contact").path("next_actions").get(0).path("overdue").asBoolean());

        complete(accountId, planId, "handoff", "welcome-sent", "readiness-sponsor", "readiness-admin", "readiness-data",
                "readiness-access", "kickoff-scheduled");
        advanceTo(start, 3);
        complete(accountId, planId, "kickoff-held", "success-criteria");
        // Out of sequence: an optimisation task on day 3.
        complete(accountId, planId, "advanced-features");
        JsonNode day3 = plan(accountId, planId, admin);
        assertEquals("on_track", day3.path("status").asText());
        assertEquals("advanced-features", day3.path("for_contact").path("achievements").get(0).path("task").asText(),
                "the newest achievement first");

        // Day 12: the first integration connects, reported as an event; first value on day 12 too.
        advanceTo(start, 12);
        String now = runtime.clock().instant().toString();
        ok(api.post("/v1/events", "[{\"account_id\":\"" + accountId + "\",\"event\":\"integration_connected\",\"timestamp\":\""
                + now + "\"},{\"account_id\":\"" + accountId + "\",\"event\":\"first_value_reached\",\"timestamp\":\"" + now
                + "\"}]"), 200);
        JsonNode day12 = plan(accountId, planId, admin);
        assertEquals("done", task(day12, "integration", "status"));
        assertEquals("rule: event integration_connected", task(day12, "integration", "completed_by"));
        assertEquals(now, task(day12, "first-value", "completed_at"));

        // Day 20: 7 of 10 licensed users active; day 50: the adoption milestone's metric crosses 50%.
        advanceTo(start, 20);
        ok(api.post("/v1/metrics", "[{\"account_id\":\"" + accountId + "\",\"metric\":\"active_users\",\"date\":\""
                + today() + "\",\"value\":7}]"), 200);
        complete(accountId, planId, "configure", "data-import");

        // Day 47: training-feedback (due day 45) is open: one milestone two days late.
        advanceTo(start, 47);
        assertEquals("behind", plan(accountId, planId, admin).path("status").asText());
        complete(accountId, planId, "admin-training", "user-training");
        ok(api.post("/v1/accounts/" + accountId + "/plans/" + planId + "/tasks/training-feedback/skip",
                "{\"reason\":\"collected in the kickoff survey\"}"), 200);
        advanceTo(start, 50);
        ok(api.post("/v1/metrics", "[{\"account_id\":\"" + accountId + "\",\"metric\":\"active_users_pct\",\"date\":\""
                + today() + "\",\"value\":70}]"), 200);
        JsonNode day50 = plan(accountId, planId, admin);
        assertEquals("on_track", day50.path("status").asText(), "the late milestone was skipped");
        assertEquals("done", task(day50, "half-active", "status"));
        assertEquals("rule: metric active_users_pct >= 50", task(day50, "half-active", "completed_by"));

        // Re-date the value review; it slips past its new date and the plan falls behind, then at risk.
        ok(api.post("/v1/accounts/" + accountId + "/plans/" + planId + "/tasks/value-review/redate",
                "{\"due_date\":\"" + start.plusDays(80) + "\",\"reason\":\"sponsor on leave\"}"), 200);
        advanceTo(start, 85);
        assertEquals("behind", plan(accountId, planId, admin).path("status").asText());
        advanceTo(start, 92);
        JsonNode day92 = plan(accountId, planId, admin);
        assertEquals("at_risk", day92.path("status").asText(), "value-review 12 days late, steady-state 2 days late");
        JsonNode log = day92.path("changes");
        assertTrue(ids(log, "action").containsAll(List.of("started", "completed", "skipped", "redated")), log.toString());

        JsonNode metrics = ok(api.get("/v1/metrics/onboarding?account_id=" + accountId), 200);
        assertEquals("account", metrics.path("scope").asText());
        assertEquals("12.00 world_class", figure(metrics, "time_to_value_days"));
        assertEquals("70.00 strong", figure(metrics, "user_adoption_rate"), "7 active of 10 licensed");
        // Milestones due by day 92, the skipped one excluded: kickoff-scheduled, kickoff-held, first-value and
        // half-active on time; value-review and steady-state late: 4 of 6.
        assertEquals("66.67 weak", figure(metrics, "on_time_milestone_rate"));
        assertEquals("0.00 world_class", figure(metrics, "support_tickets_per_customer"));
        assertEquals("null null", figure(metrics, "expansion_within_90_days_rate"), "its window has not closed");

        // The executive report program shows the same figures with their bands on a hub page, charted.
        ok(api.put("/v1/programs/onboarding-report", Demo.programBody(Path.of("examples/programs/onboarding-report"))), 200);
        JsonNode report = ok(api.post("/v1/programs/onboarding-report/preview", "{\"contact_id\":\"" + admin + "\"}"), 200);
        assertTrue(ids(report.path("scenes")).contains("figures"), report.path("scenes").toString());
        String figures = report.path("page").asText();
        figures = figures.substring(figures.indexOf("<section class=\"scene scene-onboarding-metrics\""));
        assertTrue(figures.contains("<dt>Time to value</dt><dd><span class=\"figure\">12 days</span> <span class=\"band"
                + " band-world_class\">World Class</span>"), figures);
        assertTrue(figures.contains("<dt>User adoption</dt><dd><span class=\"figure\">70%</span> <span class=\"band"
                + " band-strong\">Strong</span>"), figures);
        assertTrue(figures.contains("<dt>Milestones on time</dt><dd><span class=\"figure\">66.7%</span> <span class=\"band"
                + " band-weak\">Weak</span>"), figures);
        assertTrue(figures.contains("<svg class=\"chart\" id=\"figures-chart\""), "charted");

        JsonNode segment = ok(api.get("/v1/metrics/onboarding?segment=SMB&from=" + start + "&to=" + start), 200);
        assertEquals("portfolio", ok(api.get("/v1/metrics/onboarding"), 200).path("scope").asText());
        assertEquals("12.00 world_class", figure(segment, "time_to_value_days"));
        assertEquals(400, api.get("/v1/metrics/onboarding?from=2026-13-01").status());
    }

    private static String figure(JsonNode metrics, String id) {
        for (JsonNode m : metrics.path("metrics")) {
            if (m.path("id").asText().equals(id)) {
                return (m.path("value").isNull() ? "null" : m.path("value").decimalValue().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()) + " "
                        + (m.path("band").isNull() ? "null" : m.path("band").asText());
            }
        }
        throw new AssertionError("no metric " + id + " in " + metrics);
    }

    @Test
    void aNewUserJoiningAnAccountGetsTheirOwnPlan() throws Exception {
        String accountId = TestStack.unique("acc");
        String newcomer = TestStack.unique("c-new");
        ok(api.post("/v1/accounts", "[{\"account_id\":\"" + accountId + "\",\"name\":\"Joiners Inc\"}]"), 200);
        ok(api.post("/v1/accounts/" + accountId + "/plans", "{}"), 201);
        ok(api.post("/v1/contacts", "[{\"contact_id\":\"" + newcomer + "\",\"account_id\":\"" + accountId
                + "\",\"email\":\"" + newcomer + "@joiners.example\",\"role\":\"end user\"}]"), 200);
        JsonNode own = ok(api.post("/v1/accounts/" + accountId + "/plans", "{\"template\":\"new-user\",\"contact_id\":\""
                + newcomer + "\"}"), 201);
        assertEquals("user", own.path("kind").asText());
        assertEquals(newcomer, own.path("contact_id").asText());
        assertEquals(today().plusDays(30).toString(), own.path("end_date").asText());

        // Another contact's login does not count for the newcomer's plan; their own does.
        String stamp = runtime.clock().instant().toString();
        ok(api.post("/v1/events", "[{\"account_id\":\"" + accountId + "\",\"event\":\"login\",\"timestamp\":\"" + stamp
                + "\"}]"), 200);
        JsonNode mine = plan(accountId, own.path("plan_id").asText(), newcomer);
        assertEquals("open", task(mine, "first-login", "status"));
        assertEquals(List.of("first-login", "profile", "intro-training"),
                ids(mine.path("for_contact").path("next_actions"), "task"));
        ok(api.post("/v1/events", "[{\"account_id\":\"" + accountId + "\",\"contact_id\":\"" + newcomer
                + "\",\"event\":\"login\",\"timestamp\":\"" + stamp + "\"}]"), 200);
        assertEquals("done", task(plan(accountId, own.path("plan_id").asText(), newcomer), "first-login", "status"));
        assertEquals(2, ok(api.get("/v1/accounts/" + accountId + "/plans"), 200).path("plans").size(),
                "the account's plan and the newcomer's");
    }

    @Test
    void aContactAddedOnALaterDayAndAProductAddedGetPlansOfTheirOwn() throws Exception {
        String accountId = TestStack.unique("acc");
        String newcomer = TestStack.unique("c-new");
        String account = "[{\"account_id\":\"" + accountId + "\",\"name\":\"Growing Co\",\"products\":[\"analytics\"]}]";
        ok(api.post("/v1/accounts", account), 200);
        drainWithoutDeadLetters();

        runtime.advanceClock(Duration.ofDays(1));
        ok(api.post("/v1/contacts", "[{\"contact_id\":\"" + newcomer + "\",\"account_id\":\"" + accountId
                + "\",\"email\":\"" + newcomer + "@growing.example\"}]"), 200);
        ok(api.post("/v1/accounts", account.replace("[\"analytics\"]", "[\"analytics\",\"alerts\"]")), 200);
        drainWithoutDeadLetters();

        JsonNode plans = ok(api.get("/v1/accounts/" + accountId + "/plans"), 200).path("plans");
        assertEquals(2, plans.size(), plans.toString());
        JsonNode newUser = plans.get(0).path("template").asText().equals("new-user") ? plans.get(0) : plans.get(1);
        JsonNode newProduct = newUser == plans.get(0) ? plans.get(1) : plans.get(0);
        assertEquals("new-user", newUser.path("template").asText());
        assertEquals(newcomer, newUser.path("contact_id").asText());
        assertEquals(today().toString(), newUser.path("start_date").asText(), "from the day the contact joined");
        assertEquals("new-product", newProduct.path("template").asText());
        assertEquals("alerts", newProduct.path("product").asText(), "only the product added");
        assertTrue(newProduct.path("contact_id").isNull() || newProduct.path("contact_id").isMissingNode(), newProduct.toString());

        // Re-importing the same data starts nothing more.
        ok(api.post("/v1/accounts", account.replace("[\"analytics\"]", "[\"analytics\",\"alerts\"]")), 200);
        drainWithoutDeadLetters();
        assertEquals(2, ok(api.get("/v1/accounts/" + accountId + "/plans"), 200).path("plans").size());
    }

    private static JsonNode onlyPlan(String accountId, String template) throws Exception {
        JsonNode plans = ok(api.get("/v1/accounts/" + accountId + "/plans"), 200).path("plans");
        List<JsonNode> found = new ArrayList<>();
        plans.forEach(p -> {
            if (p.path("template").asText().equals(template)) {
                found.add(p);
            }
        });
        assertEquals(1, found.size(), plans.toString());
        return found.get(0);
    }

    @Test
    void plansStartOnTheirOccasionsOnceEvenWhenChangesAreRetriedAfterMidnight() throws Exception {
        String accountId = TestStack.unique("acc");
        String past = TestStack.unique("acc-past");
        String newcomer = TestStack.unique("c-new");
        LocalDate day0 = today();
        String account = "[{\"account_id\":\"" + accountId + "\",\"name\":\"Occasions Co\",\"contract_start\":\""
                + day0.minusDays(10) + "\",\"add_ons\":[]}]";
        ok(api.post("/v1/accounts", account), 200);
        ok(api.post("/v1/accounts", "[{\"account_id\":\"" + past + "\",\"name\":\"Old Co\",\"contract_start\":\""
                + day0.minusDays(200) + "\"}]"), 200);
        drainWithoutDeadLetters();
        assertEquals(day0.minusDays(10).toString(), onlyPlan(accountId, "onboarding").path("start_date").asText());
        assertEquals(0, ok(api.get("/v1/accounts/" + past + "/plans"), 200).path("plans").size(),
                "a contract started 200 days ago is past onboarding");

        // A day later a user joins and an add-on is bought.
        runtime.advanceClock(Duration.ofDays(1));
        String joined = runtime.clock().instant().toString();
        ok(api.post("/v1/contacts", "[{\"contact_id\":\"" + newcomer + "\",\"account_id\":\"" + accountId
                + "\",\"email\":\"" + newcomer + "@occasions.example\"}]"), 200);
        String withAddOn = account.replace("\"add_ons\":[]", "\"add_ons\":[\"sso\"]");
        ok(api.post("/v1/accounts", withAddOn), 200);
        drainWithoutDeadLetters();
        JsonNode addOn = onlyPlan(accountId, "add-on");
        assertEquals("sso", addOn.path("product").asText());
        assertEquals(today().toString(), addOn.path("start_date").asText());
        assertEquals("trigger: add_on_added", addOn.path("changes").get(0).path("by").asText());
        assertEquals(newcomer, onlyPlan(accountId, "new-user").path("contact_id").asText());

        // After midnight the same changes are delivered again (a retry), and the same data is re-imported.
        runtime.advanceClock(Duration.ofDays(1));
        ObjectNode noAddOnsBefore = Json.object();
        noAddOnsBefore.putArray("add_ons");
        String retry = ChangeMessage.batchJson(List.of(
                new ChangeMessage("contact", newcomer, accountId, "created", List.of("contact_id", "account_id", "email"),
                        Json.object(), joined),
                new ChangeMessage("account", accountId, accountId, "updated", List.of("add_ons"), noAddOnsBefore, joined),
                new ChangeMessage("account", accountId, accountId, "created", List.of("account_id", "contract_start"),
                        Json.object(), joined)));
        runtime.clients().sqs().sendMessage(b -> b.queueUrl(runtime.resources().ref("EvaluateQueue")).messageBody(retry));
        ok(api.post("/v1/accounts", withAddOn), 200);
        drainWithoutDeadLetters();
        JsonNode plans = ok(api.get("/v1/accounts/" + accountId + "/plans"), 200).path("plans");
        assertEquals(3, plans.size(), "one plan per occasion: " + plans);
        assertEquals(addOn.path("plan_id").asText(), onlyPlan(accountId, "add-on").path("plan_id").asText());
    }

    @Test
    void rulesCompleteTasksAsTheDataArrivesWithoutARead() throws Exception {
        String accountId = TestStack.unique("acc");
        String account = "[{\"account_id\":\"" + accountId + "\",\"name\":\"Rules Co\",\"contract_start\":\""
                + today() + "\",\"licenses_used\":1}]";
        ok(api.post("/v1/accounts", account), 200);
        drainWithoutDeadLetters();
        String planId = onlyPlan(accountId, "onboarding").path("plan_id").asText();
        String now = runtime.clock().instant().toString();
        ok(api.post("/v1/events", "[{\"account_id\":\"" + accountId + "\",\"event\":\"integration_connected\","
                + "\"timestamp\":\"" + now + "\"}]"), 200);
        ok(api.post("/v1/metrics", "[{\"account_id\":\"" + accountId + "\",\"metric\":\"active_users_pct\",\"date\":\""
                + today() + "\",\"value\":40}]"), 200);
        ok(api.post("/v1/accounts", account.replace("\"licenses_used\":1", "\"licenses_used\":2")), 200);
        drainWithoutDeadLetters();

        // The plan as stored, with no read through the API or a page in between.
        Plan stored = runtime.cairn("EvaluateFunction").planStore().get(accountId, planId).orElseThrow().plan();
        assertEquals(Plan.TaskStatus.DONE, stored.task("integration").status());
        assertEquals("rule: event integration_connected", stored.task("integration").completedBy());
        assertEquals(Instant.parse(now), stored.task("integration").completedAt(), "dated by the event");
        assertEquals(Plan.TaskStatus.DONE, stored.task("users-invited").status(), "by the field licenses_used");
        assertEquals(Plan.TaskStatus.OPEN, stored.task("half-active").status(), "40 is below the rule's 50");
        assertEquals(Plan.TaskStatus.OPEN, stored.task("first-value").status());
        assertTrue(stored.changes().stream().anyMatch(c -> c.action().equals("completed")
                && "users-invited".equals(c.task())), "the completion is in the change log");
    }

    @Test
    void aPreviewWithAPlanSceneWritesNothing() throws Exception {
        String accountId = TestStack.unique("acc");
        String admin = TestStack.unique("c-admin");
        ok(api.post("/v1/accounts", "[{\"account_id\":\"" + accountId + "\",\"name\":\"Preview Co\",\"contract_start\":\""
                + today() + "\"}]"), 200);
        ok(api.post("/v1/contacts", "[{\"contact_id\":\"" + admin + "\",\"account_id\":\"" + accountId
                + "\",\"email\":\"" + admin + "@preview.example\",\"role\":\"admin\"}]"), 200);
        drainWithoutDeadLetters();
        String planId = onlyPlan(accountId, "onboarding").path("plan_id").asText();
        // An event stored but not yet evaluated (as when the evaluate stage is behind): a read completes the task
        // by its rule, the stored plan does not have it yet.
        var cairn = runtime.cairn("IngestApiFunction");
        cairn.entityStore().upsert(EntitySchema.EVENT, ((RecordValidator.Accepted) RecordValidator.validate(EntitySchema.EVENT,
                Json.parse("{\"account_id\":\"" + accountId + "\",\"event\":\"integration_connected\",\"timestamp\":\""
                        + runtime.clock().instant() + "\"}"), 1)).record());
        PlanStore.Stored before = cairn.planStore().get(accountId, planId).orElseThrow();
        assertEquals(Plan.TaskStatus.OPEN, before.plan().task("integration").status());

        String yaml = String.join("\n", "id: plan-preview", "name: Your onboarding", "trigger:", "  on: manual", "scenes:",
                "  - {id: plan, type: success_plan}", "email:", "  subject: Your onboarding", "  html: email.liquid",
                "  text: email.txt", "");
        ok(api.put("/v1/programs/plan-preview", Json.write(Json.object().put("program", yaml).set("files",
                Json.object().put("email.liquid", "<p>{{ hub.url }}</p>").put("email.txt", "{{ hub.url }}")))), 200);
        String page = ok(api.post("/v1/programs/plan-preview/preview", "{\"contact_id\":\"" + admin + "\"}"), 200)
                .path("page").asText();
        String achievements = page.substring(page.indexOf("<h3>Well done!</h3>"), page.indexOf("<h3>Your next steps</h3>"));
        assertTrue(achievements.contains("First integration connected"), "the preview shows what the rule completed");
        assertFalse(page.contains("Mark done"), "a preview cannot complete tasks");
        assertEquals("done", task(plan(accountId, planId, admin), "integration", "status"), "and so does the API");

        PlanStore.Stored after = cairn.planStore().get(accountId, planId).orElseThrow();
        assertEquals(before.version(), after.version(), "neither wrote the plan");
        assertEquals(Plan.TaskStatus.OPEN, after.plan().task("integration").status());
    }

    @Test
    void aContactMarksTheirTaskDoneFromTheHubPageWithASignedSingleUseToken() throws Exception {
        String accountId = TestStack.unique("acc");
        String admin = TestStack.unique("c-admin");
        ok(api.post("/v1/accounts", "[{\"account_id\":\"" + accountId + "\",\"name\":\"Done Co\",\"contract_start\":\""
                + today() + "\"}]"), 200);
        ok(api.post("/v1/contacts", "[{\"contact_id\":\"" + admin + "\",\"account_id\":\"" + accountId
                + "\",\"email\":\"" + admin + "@done.example\",\"role\":\"admin\"}]"), 200);
        drainWithoutDeadLetters();
        String planId = onlyPlan(accountId, "onboarding").path("plan_id").asText();
        String yaml = String.join("\n", "id: plan-mail", "name: Your onboarding", "trigger:", "  on: manual", "scenes:",
                "  - {id: plan, type: success_plan}", "email:", "  subject: Your onboarding", "  html: email.liquid",
                "  text: email.txt", "");
        ok(api.put("/v1/programs/plan-mail", Json.write(Json.object().put("program", yaml).set("files",
                Json.object().put("email.liquid", "<p><a href=\"{{ hub.url }}\">Open your plan</a></p>")
                        .put("email.txt", "{{ hub.url }}")))), 200);
        ok(api.post("/v1/programs/plan-mail/runs", "{\"contact_ids\":[\"" + admin + "\"]}"), 202);
        drainWithoutDeadLetters();
        Outbox.Email email = runtime.outbox().emails().stream().filter(e -> e.to().get(0).startsWith(admin)).findFirst()
                .orElseThrow();
        LocalClient browser = new LocalClient(runtime.baseUrl(), null);
        Matcher hubLink = Pattern.compile("href=\"([^\"]+)\">Open your plan<").matcher(email.html());
        assertTrue(hubLink.find(), email.html());
        String page = browser.get(browser.get(hubLink.group(1)).header("Location")).body();
        Matcher form = Pattern.compile("Data sources and exports identified <span class=\"due\">.*?</span> "
                + "<form class=\"done\" method=\"post\" action=\"([^\"]+)\"><button type=\"submit\">Mark done</button>")
                .matcher(page);
        assertTrue(form.find(), "a Mark done form by each of the contact's next steps: " + page);
        String done = form.group(1);
        assertTrue(done.startsWith(runtime.baseUrl() + "/t/"), done);

        PlanStore store = runtime.cairn("FeedbackApiFunction").planStore();
        long version = store.get(accountId, planId).orElseThrow().version();
        int cut = done.length() - 30;
        String altered = done.substring(0, cut) + (done.charAt(cut) == 'A' ? 'B' : 'A') + done.substring(cut + 1);
        String openLink = hubLink.group(1);
        for (String refused : List.of(altered, runtime.baseUrl() + "/t/" + "A".repeat(120),
                openLink.replace("/r/", "/t/"))) {
            LocalClient.Response response = browser.postForm(refused, "");
            assertEquals(403, response.status(), refused);
            assertTrue(response.body().contains("This link is not valid"), response.body());
        }
        assertEquals(405, browser.get(done).status(), "only the form's POST marks a task done: scanners follow links");
        Instant now = runtime.clock().instant();
        try {
            runtime.clock().advance(Duration.ofDays(46));
            assertEquals(403, browser.postForm(done, "").status(), "task tokens expire after 45 days");
        } finally {
            runtime.clock().set(now);
        }
        assertEquals(version, store.get(accountId, planId).orElseThrow().version(), "the refusals recorded nothing");

        LocalClient.Response marked = browser.postForm(done, "");
        assertEquals(200, marked.status(), marked.body());
        assertTrue(marked.body().contains("<strong>Data sources and exports identified</strong> is marked done"), marked.body());
        PlanStore.Stored after = store.get(accountId, planId).orElseThrow();
        assertEquals(Plan.TaskStatus.DONE, after.plan().task("readiness-data").status());
        assertEquals("contact: " + admin, after.plan().task("readiness-data").completedBy(), "who completed it");

        assertEquals(403, browser.postForm(done, "").status(), "a replayed token");
        assertEquals(after.version(), store.get(accountId, planId).orElseThrow().version(), "the replay recorded nothing");
    }

    private static void drainWithoutDeadLetters() {
        Map<String, Integer> deadLetters = runtime.drain(Duration.ofMinutes(2));
        assertTrue(deadLetters.values().stream().allMatch(depth -> depth == 0), deadLetters.toString());
    }

    @Test
    void theHubPageShowsTheContactsPlanAndTheExecutiveSummary() throws Exception {
        String accountId = TestStack.unique("acc");
        String admin = TestStack.unique("c-admin");
        ok(api.post("/v1/accounts", "[{\"account_id\":\"" + accountId + "\",\"name\":\"Scenes Co\",\"contract_start\":\""
                + today() + "\"}]"), 200);
        ok(api.post("/v1/contacts", "[{\"contact_id\":\"" + admin + "\",\"account_id\":\"" + accountId
                + "\",\"email\":\"" + admin + "@scenes.example\",\"role\":\"admin\"}]"), 200);
        drainWithoutDeadLetters();
        String planId = onlyPlan(accountId, "onboarding").path("plan_id").asText();
        for (String task : List.of("handoff", "welcome-sent", "readiness-sponsor", "readiness-admin")) {
            runtime.advanceClock(Duration.ofMinutes(1)); // distinct completion times: the newest comes first
            complete(accountId, planId, task);
        }
        String yaml = String.join("\n", "id: plan-page", "name: Your onboarding", "trigger:", "  on: manual", "scenes:",
                "  - {id: plan, type: success_plan}", "  - {id: summary, type: executive_summary}", "email:",
                "  subject: Your onboarding", "  html: email.liquid", "  text: email.txt", "");
        ok(api.put("/v1/programs/plan-page", Json.write(Json.object().put("program", yaml).set("files",
                Json.object().put("email.liquid", "<p>{{ hub.url }}</p>").put("email.txt", "{{ hub.url }}")))), 200);

        JsonNode preview = ok(api.post("/v1/programs/plan-page/preview", "{\"contact_id\":\"" + admin + "\"}"), 200);
        assertEquals(List.of("plan", "summary"), ids(preview.path("scenes")));
        String page = preview.path("page").asText();
        // The admin's achievements, newest first (the sponsor is not the admin's task), then the next actions:
        // the overdue readiness tasks first, the longest overdue first.
        int achievements = page.indexOf("<h3>Well done!</h3>");
        int next = page.indexOf("<h3>Your next steps</h3>");
        assertTrue(achievements > 0 && next > achievements, page);
        String done = page.substring(achievements, next);
        assertTrue(done.contains("Administrator named"), done);
        assertTrue(done.indexOf("Administrator named") < done.indexOf("Welcome email with the onboarding timeline sent")
                && done.indexOf("Welcome email") < done.indexOf("Sales-to-success handoff meeting held"), done);
        assertFalse(done.contains("Executive sponsor named"), done);
        String actions = page.substring(next, page.indexOf("</ol>", next));
        int data = actions.indexOf("Data sources and exports identified <span class=\"due\">Overdue by 2 days");
        assertTrue(data >= 0 && data < actions.indexOf("IT access and SSO prerequisites confirmed <span class=\"due\">"
                + "Overdue by 1 day"), actions);
        assertTrue(page.contains("<dt>Milestones reached</dt><dd>0 of"), "the executive summary");
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asText()));
        return ids;
    }

    @Test
    void plansRefuseWhatTheyCannotDoWithClearErrors() throws Exception {
        String accountId = TestStack.unique("acc");
        ok(api.post("/v1/accounts", "[{\"account_id\":\"" + accountId + "\",\"name\":\"Errors Ltd\"}]"), 200);
        assertEquals(404, api.post("/v1/accounts/nobody-" + accountId + "/plans", "{}").status());
        LocalClient.Response unknown = api.post("/v1/accounts/" + accountId + "/plans", "{\"template\":\"nope\"}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("no plan template 'nope'"), unknown.body());
        assertEquals(400, api.post("/v1/accounts/" + accountId + "/plans", "{\"timeline\":\"slow\"}").status());
        String planId = ok(api.post("/v1/accounts/" + accountId + "/plans", "{\"timeline\":\"accelerated\"}"), 201)
                .path("plan_id").asText();
        String base = "/v1/accounts/" + accountId + "/plans/" + planId + "/tasks/";
        assertEquals(404, api.post(base + "nope/complete", "").status());
        ok(api.post(base + "configure/complete", ""), 200);
        LocalClient.Response skipDone = api.post(base + "configure/skip", "{\"reason\":\"x\"}");
        assertEquals(409, skipDone.status());
        assertTrue(skipDone.body().contains("already done"), skipDone.body());
        assertEquals(400, api.post(base + "integration/redate", "{\"due_date\":\"soon\"}").status());
        JsonNode added = ok(api.post("/v1/accounts/" + accountId + "/plans/" + planId + "/tasks",
                "{\"id\":\"sso\",\"title\":\"<b>SSO</b> on\",\"phase\":\"implementation\",\"due_date\":\"" + today().plusDays(9)
                        + "\",\"personas\":[\"admin\"]}"), 200);
        assertEquals("true", task(added, "sso", "added"));
        assertEquals(400, api.post("/v1/accounts/" + accountId + "/plans/" + planId + "/tasks",
                "{\"id\":\"x\",\"title\":\"X\",\"phase\":\"nowhere\",\"due_date\":\"2026-02-01\"}").status());
    }
}
