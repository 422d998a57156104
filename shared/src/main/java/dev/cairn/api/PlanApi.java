package dev.cairn.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.ingest.EntitySchema;
import dev.cairn.json.Json;
import dev.cairn.onboarding.PlanService;
import dev.cairn.plan.OnboardingMetrics;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlanException;
import dev.cairn.plan.PlanJson;
import dev.cairn.plan.PlanTemplateParser;
import dev.cairn.plan.PlanTemplates;
import dev.cairn.plan.PlanView;
import dev.cairn.plan.Side;
import dev.cairn.plan.TaskSpec;
import dev.cairn.plan.Timeline;
import dev.cairn.store.EntityStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The success-plan routes of the REST API (docs/plans.md): start, read and change plans; onboarding metrics. */
public final class PlanApi {

    private static final String PLANS = "/v1/accounts/{id}/plans";
    private static final String TASK = PLANS + "/{plan}/tasks/{task}";
    /** Who changed a plan through the API, in its change log. */
    private static final String BY_API = "api";

    private final PlanService plans;
    private final EntityStore entities;
    private final Map<String, Function<ApiRequest, ApiResponse>> routes = new LinkedHashMap<>();

    public PlanApi(PlanService plans, EntityStore entities) {
        this.plans = plans;
        this.entities = entities;
        routes.put("POST " + PLANS, this::start);
        routes.put("GET " + PLANS, this::list);
        routes.put("POST " + PLANS + "/{plan}/tasks", this::addTask);
        routes.put("POST " + TASK + "/complete", this::complete);
        routes.put("POST " + TASK + "/skip", this::skip);
        routes.put("POST " + TASK + "/redate", this::redate);
        routes.put("GET /v1/metrics/onboarding", this::metrics);
    }

    public Map<String, Function<ApiRequest, ApiResponse>> routes() {
        return routes;
    }

    /** Body (all optional): {"template", "timeline", "start_date", "contact_id", "product"}. */
    private ApiResponse start(ApiRequest request) {
        JsonNode body = optionalBody(request);
        String template = textOr(body, "template", "onboarding");
        String timelineId = textOr(body, "timeline", Timeline.STANDARD.id());
        Timeline timeline = Timeline.of(timelineId).orElseThrow(() -> new ApiException(400, "invalid_body",
                "timeline must be standard, accelerated or extended, not '" + timelineId + "'"));
        LocalDate start = date(body, "start_date");
        Plan plan = guarded(() -> plans.start(request.pathParameter("id"), template, timeline, start,
                Json.text(body, "contact_id"), Json.text(body, "product"), BY_API));
        return ApiResponse.json(201, planJson(plan, contactOf(Json.text(body, "contact_id"))));
    }

    /** Query: contact_id (optional) adds what that contact sees: achievements and next best actions. */
    private ApiResponse list(ApiRequest request) {
        String accountId = request.pathParameter("id");
        if (entities.get(EntitySchema.ACCOUNT, accountId).isEmpty()) {
            throw new ApiException(404, "account_not_found", "no account with id '" + accountId + "'");
        }
        Map<String, Object> contact = contactOf(request.queryParameter("contact_id"));
        if (contact != null && !accountId.equals(contact.get("account_id"))) {
            throw new ApiException(400, "invalid_query", "contact '" + request.queryParameter("contact_id")
                    + "' is not a contact of account '" + accountId + "'");
        }
        ArrayNode list = Json.array();
        guarded(() -> plans.ofAccount(accountId)).forEach(p -> list.add(planJson(p, contact)));
        return ApiResponse.json(200, Json.object().set("plans", list));
    }

    /** Body: {"completed_at"} (optional instant, default now). */
    private ApiResponse complete(ApiRequest request) {
        JsonNode body = optionalBody(request);
        String at = Json.text(body, "completed_at");
        Instant completedAt;
        try {
            completedAt = at == null ? null : Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid_body", "completed_at must be an instant such as 2026-03-01T09:00:00Z");
        }
        return changed(request, plan -> plan.complete(request.pathParameter("task"),
                completedAt == null ? plans.now() : completedAt, BY_API));
    }

    /** Body: {"reason"} (required). */
    private ApiResponse skip(ApiRequest request) {
        String reason = Json.text(IngestApi.jsonBody(request), "reason");
        if (reason == null || reason.isBlank()) {
            throw new ApiException(400, "invalid_body", "say why the task is skipped: {\"reason\": \"...\"}");
        }
        return changed(request, plan -> plan.skip(request.pathParameter("task"), reason, plans.now(), BY_API));
    }

    /** Body: {"due_date", "reason"}. */
    private ApiResponse redate(ApiRequest request) {
        JsonNode body = IngestApi.jsonBody(request);
        LocalDate due = date(body, "due_date");
        if (due == null) {
            throw new ApiException(400, "invalid_body", "due_date is required, such as 2026-04-15");
        }
        return changed(request, plan -> plan.redate(request.pathParameter("task"), due, Json.text(body, "reason"),
                plans.now(), BY_API));
    }

    /** Body: {"id", "title", "phase", "owner", "due_date", "personas", "milestone", "prerequisites"}. */
    private ApiResponse addTask(ApiRequest request) {
        JsonNode body = IngestApi.jsonBody(request);
        String id = Json.text(body, "id");
        List<String> problems = new ArrayList<>();
        if (id == null || !PlanTemplateParser.TASK_ID.matcher(id).matches()) {
            problems.add("id must be lowercase letters, digits, '-' and '_'");
        }
        if (Json.text(body, "phase") == null) {
            problems.add("phase is required: the id of one of the plan's phases");
        }
        String title = Json.text(body, "title");
        if (title == null || title.isBlank()) {
            problems.add("title is required");
        }
        String owner = textOr(body, "owner", "customer");
        if (!owner.equals("customer") && !owner.equals("vendor")) {
            problems.add("owner must be customer or vendor");
        }
        LocalDate due = date(body, "due_date");
        if (due == null) {
            problems.add("due_date is required, such as 2026-04-15");
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_body", String.join("; ", problems));
        }
        Set<String> personas = new LinkedHashSet<>();
        body.path("personas").forEach(p -> personas.add(p.asText()));
        List<String> prerequisites = new ArrayList<>();
        body.path("prerequisites").forEach(p -> prerequisites.add(p.asText()));
        return changed(request, plan -> {
            int day = (int) java.time.temporal.ChronoUnit.DAYS.between(plan.startDate(), due);
            plan.addTask(new TaskSpec(id, title, Json.text(body, "phase"), Side.valueOf(owner.toUpperCase(java.util.Locale.ROOT)),
                    Set.copyOf(personas), day, body.path("milestone").asBoolean(false), List.copyOf(prerequisites), false,
                    null), due, plans.now(), BY_API);
        });
    }

    /** Query: account_id or segment (else the whole portfolio), from and to (start dates; default the last year). */
    private ApiResponse metrics(ApiRequest request) {
        LocalDate to = queryDate(request, "to", plans.today());
        LocalDate from = queryDate(request, "from", to.minusYears(1));
        if (from.isAfter(to)) {
            throw new ApiException(400, "invalid_query", "from (" + from + ") is after to (" + to + ")");
        }
        String accountId = request.queryParameter("account_id");
        String segment = request.queryParameter("segment");
        if (accountId != null && segment != null) {
            throw new ApiException(400, "invalid_query", "give account_id or segment, not both");
        }
        ObjectNode node = Json.object().put("scope", accountId != null ? "account" : segment != null ? "segment" : "portfolio")
                .put("account_id", accountId).put("segment", segment).put("from", from.toString()).put("to", to.toString())
                .put("as_of", plans.today().toString());
        ArrayNode metrics = node.putArray("metrics");
        for (OnboardingMetrics.Metric m : plans.metrics(accountId, segment, from, to)) {
            metrics.addObject().put("id", m.id()).put("unit", m.unit()).put("value", m.value())
                    .put("band", m.band() == null ? null : m.band().id())
                    .put("band_label", m.band() == null ? null : m.band().label()).put("counted", m.counted());
        }
        return ApiResponse.json(200, node);
    }

    private ApiResponse changed(ApiRequest request, java.util.function.Consumer<Plan> change) {
        Plan plan = guarded(() -> plans.change(request.pathParameter("id"), request.pathParameter("plan"), change));
        return ApiResponse.json(200, planJson(plan, null));
    }

    /** The plan, its status and progress today, and for a contact their achievements and next best actions. */
    private ObjectNode planJson(Plan plan, Map<String, Object> contact) {
        ObjectNode node = PlanJson.write(plan);
        LocalDate today = plans.today();
        PlanView view = PlanView.of(plan, contact == null ? Set.of() : PlanView.personasOf(contact), today);
        node.put("status", view.status().id());
        ObjectNode progress = node.putObject("progress").put("done", view.overall().done())
                .put("total", view.overall().total()).put("percent", view.overall().percent());
        ArrayNode phases = progress.putArray("phases");
        view.phases().forEach(p -> phases.addObject().put("id", p.id()).put("done", p.done()).put("total", p.total())
                .put("percent", p.percent()));
        if (contact != null) {
            ObjectNode forContact = node.putObject("for_contact").put("contact_id", (String) contact.get("contact_id"));
            PlanView.personasOf(contact).forEach(forContact.putArray("personas")::add);
            ArrayNode achievements = forContact.putArray("achievements");
            view.achievements().forEach(a -> achievements.addObject().put("task", a.taskId()).put("title", a.title())
                    .put("completed_at", a.completedAt().toString()));
            ArrayNode next = forContact.putArray("next_actions");
            view.nextActions().forEach(a -> next.addObject().put("task", a.taskId()).put("title", a.title())
                    .put("due_date", a.due().toString()).put("days_left", a.daysLeft()).put("overdue", a.overdue())
                    .put("milestone", a.milestone()));
        }
        return node;
    }

    private Map<String, Object> contactOf(String contactId) {
        if (contactId == null) {
            return null;
        }
        return entities.get(EntitySchema.CONTACT, contactId).orElseThrow(() ->
                new ApiException(404, "contact_not_found", "no contact with id '" + contactId + "'"));
    }

    /** Runs a plan operation, answering its refusals with the matching status and a stable code. */
    private static <T> T guarded(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (PlanException e) {
            switch (e.reason()) {
                case NOT_FOUND -> throw new ApiException(404, "not_found", e.getMessage());
                case CONFLICT -> throw new ApiException(409, "conflict", e.getMessage());
                default -> throw new ApiException(400, "invalid_plan_change", e.getMessage());
            }
        }
    }

    private static JsonNode optionalBody(ApiRequest request) {
        if (request.body() == null || request.body().isBlank()) {
            return Json.object();
        }
        JsonNode body = IngestApi.jsonBody(request);
        if (!body.isObject()) {
            throw new ApiException(400, "invalid_body", "the body must be a JSON object");
        }
        return body;
    }

    private static String textOr(JsonNode body, String field, String fallback) {
        String value = Json.text(body, field);
        return value == null ? fallback : value;
    }

    private static LocalDate date(JsonNode body, String field) {
        String value = Json.text(body, field);
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid_body", field + " '" + value + "' is not a date; use YYYY-MM-DD");
        }
    }

    private static LocalDate queryDate(ApiRequest request, String name, LocalDate fallback) {
        String value = request.queryParameter(name);
        try {
            return value == null ? fallback : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid_query", name + " '" + value + "' is not a date; use YYYY-MM-DD");
        }
    }
}
