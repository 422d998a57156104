package dev.cairn.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A plan as JSON: how the store keeps it and the API returns it. The plan carries its template's tasks, so a plan
 * keeps working when the template later changes.
 */
public final class PlanJson {

    private PlanJson() {
    }

    public static ObjectNode write(Plan plan) {
        ObjectNode node = Json.object().put("plan_id", plan.id()).put("account_id", plan.accountId())
                .put("contact_id", plan.contactId()).put("product", plan.product()).put("template", plan.templateId())
                .put("template_name", plan.templateName()).put("kind", plan.kind()).put("timeline", plan.timeline().id())
                .put("start_date", plan.startDate().toString()).put("end_date", plan.endDate().toString());
        ArrayNode phases = node.putArray("phases");
        plan.phases().forEach(p -> phases.addObject().put("id", p.id()).put("title", p.title())
                .put("first_day", p.start()).put("last_day", p.end()));
        ArrayNode tasks = node.putArray("tasks");
        for (Plan.Task t : plan.tasks()) {
            TaskSpec s = t.spec();
            ObjectNode task = tasks.addObject().put("id", s.id()).put("title", s.title()).put("phase", s.phase())
                    .put("owner", s.owner().id()).put("due_day", s.due()).put("due_date", t.due().toString())
                    .put("milestone", s.milestone()).put("first_value", s.firstValue())
                    .put("status", t.status().name().toLowerCase(Locale.ROOT)).put("added", t.added())
                    .put("redated", t.redated());
            s.personas().stream().sorted().forEach(task.putArray("personas")::add);
            s.prerequisites().forEach(task.putArray("prerequisites")::add);
            if (s.rule() != null) {
                task.set("complete_when", rule(s.rule()));
            }
            if (t.completedAt() != null) {
                task.put("completed_at", t.completedAt().toString()).put("completed_by", t.completedBy());
            }
            if (t.skipReason() != null) {
                task.put("skip_reason", t.skipReason());
            }
        }
        ArrayNode changes = node.putArray("changes");
        plan.changes().forEach(c -> changes.addObject().put("at", c.at().toString()).put("action", c.action())
                .put("task", c.task()).put("detail", c.detail()).put("by", c.by()));
        return node;
    }

    static ObjectNode rule(CompletionRule rule) {
        ObjectNode node = Json.object();
        if (rule instanceof CompletionRule.OnEvent e) {
            node.put("event", e.event());
        } else if (rule instanceof CompletionRule.OnMetric m) {
            node.put("metric", m.metric()).put("at_least", m.atLeast());
        } else if (rule instanceof CompletionRule.OnField f) {
            node.put("field", f.entity() + "." + f.field());
            if (f.atLeast() != null) {
                node.put("at_least", f.atLeast());
            } else {
                node.set("equals", Json.MAPPER.valueToTree(f.equals()));
            }
        }
        return node;
    }

    public static Plan read(JsonNode node) {
        List<Phase> phases = new ArrayList<>();
        node.path("phases").forEach(p -> phases.add(new Phase(p.path("id").asText(), p.path("title").asText(),
                p.path("first_day").asInt(), p.path("last_day").asInt())));
        Plan plan = new Plan(node.path("plan_id").asText(), node.path("account_id").asText(), Json.text(node, "contact_id"),
                Json.text(node, "product"), node.path("template").asText(), node.path("template_name").asText(),
                node.path("kind").asText(), Timeline.of(node.path("timeline").asText()).orElseThrow(),
                LocalDate.parse(node.path("start_date").asText()), LocalDate.parse(node.path("end_date").asText()), phases);
        for (JsonNode t : node.path("tasks")) {
            LinkedHashSet<String> personas = new LinkedHashSet<>();
            t.path("personas").forEach(p -> personas.add(p.asText()));
            List<String> prerequisites = new ArrayList<>();
            t.path("prerequisites").forEach(p -> prerequisites.add(p.asText()));
            TaskSpec spec = new TaskSpec(t.path("id").asText(), t.path("title").asText(), t.path("phase").asText(),
                    Side.valueOf(t.path("owner").asText().toUpperCase(Locale.ROOT)), java.util.Set.copyOf(personas),
                    t.path("due_day").asInt(), t.path("milestone").asBoolean(), List.copyOf(prerequisites),
                    t.path("first_value").asBoolean(), readRule(t.path("complete_when")));
            Plan.Task task = new Plan.Task(spec, plan.tasks().size(), LocalDate.parse(t.path("due_date").asText()),
                    t.path("added").asBoolean());
            String completedAt = Json.text(t, "completed_at");
            task.restore(task.due(), Plan.TaskStatus.valueOf(t.path("status").asText().toUpperCase(Locale.ROOT)),
                    completedAt == null ? null : Instant.parse(completedAt), Json.text(t, "completed_by"),
                    Json.text(t, "skip_reason"), t.path("redated").asBoolean());
            plan.addRestored(task);
        }
        node.path("changes").forEach(c -> plan.addRestored(new Plan.Change(Instant.parse(c.path("at").asText()),
                c.path("action").asText(), Json.text(c, "task"), Json.text(c, "detail"), Json.text(c, "by"))));
        return plan;
    }

    static CompletionRule readRule(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.has("event")) {
            return new CompletionRule.OnEvent(node.path("event").asText());
        }
        if (node.has("metric")) {
            return new CompletionRule.OnMetric(node.path("metric").asText(), node.path("at_least").decimalValue());
        }
        String field = node.path("field").asText();
        int dot = field.indexOf('.');
        BigDecimal atLeast = node.has("at_least") ? node.path("at_least").decimalValue() : null;
        JsonNode equals = node.get("equals");
        Object value = equals == null || atLeast != null ? null : equals.isBoolean() ? (Object) equals.asBoolean()
                : equals.isNumber() ? (Object) equals.decimalValue() : equals.asText();
        return new CompletionRule.OnField(field.substring(0, dot), field.substring(dot + 1), value, atLeast);
    }
}
