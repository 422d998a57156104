package dev.cairn.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import dev.cairn.json.Yaml;
import dev.cairn.program.YamlLines;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads and validates a plan template's YAML, reporting every problem with its file and line (docs/plans.md). */
public final class PlanTemplateParser {

    public static final Pattern TEMPLATE_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    public static final Pattern TASK_ID = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");
    static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");
    private static final Pattern FIELD = Pattern.compile("^(account|contact)\\.((custom\\.)?[a-z][a-z0-9_]{0,63})$");
    private static final Set<String> KEYS = Set.of("id", "name", "kind", "length_days", "phases");
    private static final Set<String> PHASE_KEYS = Set.of("id", "title", "days", "tasks");
    private static final Set<String> TASK_KEYS = Set.of("id", "title", "owner", "personas", "due", "milestone",
            "prerequisites", "first_value", "complete_when");
    private static final Set<String> RULE_KEYS = Set.of("event", "metric", "field", "at_least", "equals");

    private final String file;
    private final YamlLines lines;
    private final List<String> problems = new ArrayList<>();

    private PlanTemplateParser(String file, YamlLines lines) {
        this.file = file;
        this.lines = lines;
    }

    public static PlanTemplate parse(String file, String yaml) {
        JsonNode root;
        try {
            root = Yaml.MAPPER.readTree(yaml == null ? "" : yaml);
        } catch (JsonProcessingException e) {
            throw new PlanTemplateException(List.of(Yaml.syntaxProblem(file, e)));
        }
        if (root == null || !root.isObject()) {
            throw new PlanTemplateException(List.of(file + ": must be a YAML mapping with id, name, kind and phases"));
        }
        PlanTemplateParser parser = new PlanTemplateParser(file, YamlLines.of(yaml, file));
        PlanTemplate template = parser.template(root);
        if (!parser.problems.isEmpty()) {
            throw new PlanTemplateException(parser.problems);
        }
        return template;
    }

    private void problem(String pointer, String message) {
        problems.add(lines.at(pointer) + ": " + message);
    }

    private PlanTemplate template(JsonNode root) {
        unknownKeys(root, KEYS, "", "the template");
        String id = Json.text(root, "id");
        if (id == null || !TEMPLATE_ID.matcher(id).matches()) {
            problem("/id", "id must be lowercase letters, digits and hyphens (at most 63)");
        }
        String name = Json.text(root, "name");
        if (name == null || name.isBlank()) {
            problem("/name", "name is required");
        }
        String kind = Json.text(root, "kind");
        if (kind == null || !PlanTemplate.KINDS.contains(kind)) {
            problem("/kind", "kind must be one of " + PlanTemplate.KINDS + (kind == null ? "" : ", not '" + kind + "'"));
        }
        int length = 90;
        if (root.has("length_days")) {
            JsonNode l = root.get("length_days");
            if (!l.isInt() || l.asInt() < 1) {
                problem("/length_days", "length_days must be a whole number of days, at least 1");
            } else {
                length = l.asInt();
            }
        }
        List<Phase> phases = new ArrayList<>();
        List<TaskSpec> tasks = new ArrayList<>();
        Map<String, String> taskAt = new HashMap<>();
        JsonNode phaseNodes = root.path("phases");
        if (!phaseNodes.isArray() || phaseNodes.isEmpty()) {
            problem("/phases", "phases must be a non-empty list of {id, title, days, tasks}");
        } else {
            Set<String> phaseIds = new HashSet<>();
            for (int p = 0; p < phaseNodes.size(); p++) {
                Phase phase = phase(phaseNodes.get(p), "/phases/" + p);
                if (phase == null) {
                    continue;
                }
                if (!phaseIds.add(phase.id())) {
                    problem("/phases/" + p + "/id", "phase id '" + phase.id() + "' is used twice");
                }
                phases.add(phase);
                JsonNode taskNodes = phaseNodes.get(p).path("tasks");
                if (!taskNodes.isArray() || taskNodes.isEmpty()) {
                    problem("/phases/" + p + "/tasks", "phase '" + phase.id() + "' needs tasks, a non-empty list");
                    continue;
                }
                for (int t = 0; t < taskNodes.size(); t++) {
                    String at = "/phases/" + p + "/tasks/" + t;
                    TaskSpec task = task(taskNodes.get(t), at, phase);
                    if (task == null) {
                        continue;
                    }
                    if (taskAt.putIfAbsent(task.id(), at) != null) {
                        problem(at + "/id", "task id '" + task.id() + "' is used twice");
                    } else {
                        tasks.add(task);
                    }
                }
            }
        }
        checkPrerequisites(tasks, taskAt);
        return new PlanTemplate(id, name, kind, length, List.copyOf(phases), List.copyOf(tasks));
    }

    private Phase phase(JsonNode node, String at) {
        if (!node.isObject()) {
            problem(at, "a phase must be a mapping with id, title, days and tasks");
            return null;
        }
        unknownKeys(node, PHASE_KEYS, at, "phase");
        String id = Json.text(node, "id");
        if (id == null || !TASK_ID.matcher(id).matches()) {
            problem(at + "/id", "a phase needs an id of lowercase letters, digits, '-' and '_'");
            return null;
        }
        String title = Json.text(node, "title");
        if (title == null || title.isBlank()) {
            problem(at + "/title", "phase '" + id + "' needs a title");
        }
        JsonNode days = node.path("days");
        if (!days.isArray() || days.size() != 2 || !days.get(0).isInt() || !days.get(1).isInt()
                || days.get(0).asInt() > days.get(1).asInt()) {
            problem(at + "/days", "phase '" + id + "': days must be [first, last], whole days from the plan's start"
                    + " with first <= last, such as [8, 30]");
            return new Phase(id, title, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        return new Phase(id, title, days.get(0).asInt(), days.get(1).asInt());
    }

    private TaskSpec task(JsonNode node, String at, Phase phase) {
        if (!node.isObject()) {
            problem(at, "a task must be a mapping with id, title, owner and due");
            return null;
        }
        String id = Json.text(node, "id");
        if (id == null || !TASK_ID.matcher(id).matches()) {
            problem(at + "/id", "a task needs an id of lowercase letters, digits, '-' and '_' (at most 63)");
            return null;
        }
        String where = "task '" + id + "'";
        unknownKeys(node, TASK_KEYS, at, where);
        String title = Json.text(node, "title");
        if (title == null || title.isBlank()) {
            problem(at + "/title", where + " needs a title");
        }
        String owner = Json.text(node, "owner");
        Side side = null;
        if (owner == null || !(owner.equals("customer") || owner.equals("vendor"))) {
            problem(at + "/owner", where + ": owner must be customer or vendor" + (owner == null ? "" : ", not '" + owner + "'"));
        } else {
            side = Side.valueOf(owner.toUpperCase(java.util.Locale.ROOT));
        }
        JsonNode due = node.path("due");
        int dueDay = 0;
        if (!due.isInt()) {
            problem(at + "/due", where + ": due must be a whole number of days from the plan's start, such as 14");
        } else {
            dueDay = due.asInt();
            if (dueDay < phase.start() || dueDay > phase.end()) {
                problem(at + "/due", where + ": due day " + dueDay + " is outside its phase '" + phase.id() + "' (days "
                        + phase.start() + " to " + phase.end() + ")");
            }
        }
        Set<String> personas = new LinkedHashSet<>(names(node.path("personas"), at + "/personas", where, "personas"));
        List<String> prerequisites = names(node.path("prerequisites"), at + "/prerequisites", where, "prerequisites");
        return new TaskSpec(id, title, phase.id(), side, Set.copyOf(personas), dueDay, flag(node, "milestone", at, where),
                List.copyOf(prerequisites), flag(node, "first_value", at, where), rule(node.path("complete_when"), at + "/complete_when", where));
    }

    private List<String> names(JsonNode node, String at, String where, String key) {
        List<String> names = new ArrayList<>();
        if (node.isMissingNode()) {
            return names;
        }
        if (!node.isArray()) {
            problem(at, where + ": " + key + " must be a list, such as [" + node.asText() + "]");
            return names;
        }
        Pattern pattern = key.equals("personas") ? NAME : TASK_ID;
        for (int i = 0; i < node.size(); i++) {
            String name = node.get(i).asText();
            if (!node.get(i).isTextual() || !pattern.matcher(name).matches()) {
                problem(at + "/" + i, where + ": '" + name + "' is not a valid " + (key.equals("personas")
                        ? "persona (lowercase letters, digits and _, such as end_user)" : "task id"));
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private boolean flag(JsonNode node, String key, String at, String where) {
        JsonNode value = node.path(key);
        if (value.isMissingNode()) {
            return false;
        }
        if (!value.isBoolean()) {
            problem(at + "/" + key, where + ": " + key + " must be true or false");
            return false;
        }
        return value.asBoolean();
    }

    private CompletionRule rule(JsonNode node, String at, String where) {
        if (node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            problem(at, where + ": complete_when must be a mapping with one of event, metric or field");
            return null;
        }
        unknownKeys(node, RULE_KEYS, at, where + " complete_when");
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("event", "metric", "field")) {
            if (node.has(k)) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            problem(at, where + ": complete_when needs exactly one of event, metric or field" + (kinds.isEmpty() ? "" : ", not " + kinds));
            return null;
        }
        String name = Json.text(node, kinds.get(0));
        BigDecimal atLeast = node.has("at_least") ? number(node.get("at_least"), at + "/at_least", where) : null;
        switch (kinds.get(0)) {
            case "event" -> {
                if (name == null || !NAME.matcher(name).matches()) {
                    problem(at + "/event", where + ": event must be an event name, such as integration_connected");
                    return null;
                }
                if (node.has("at_least") || node.has("equals")) {
                    problem(at, where + ": an event rule takes no at_least or equals");
                }
                return new CompletionRule.OnEvent(name);
            }
            case "metric" -> {
                if (name == null || !NAME.matcher(name).matches()) {
                    problem(at + "/metric", where + ": metric must be a metric name, such as active_users");
                    return null;
                }
                if (atLeast == null || node.has("equals")) {
                    problem(at, where + ": a metric rule needs at_least, a number (and no equals)");
                    return null;
                }
                return new CompletionRule.OnMetric(name, atLeast);
            }
            default -> {
                java.util.regex.Matcher field = name == null ? null : FIELD.matcher(name);
                if (field == null || !field.matches()) {
                    problem(at + "/field", where + ": field must be account.<name> or contact.<name>"
                            + " (custom attributes as account.custom.<name>)");
                    return null;
                }
                JsonNode equals = node.get("equals");
                if ((equals == null) == (atLeast == null)) {
                    problem(at, where + ": a field rule needs exactly one of equals or at_least");
                    return null;
                }
                if (equals != null && !equals.isValueNode()) {
                    problem(at + "/equals", where + ": equals must be a single value");
                    return null;
                }
                Object value = equals == null ? null : equals.isBoolean() ? (Object) equals.asBoolean()
                        : equals.isNumber() ? (Object) equals.decimalValue() : equals.asText();
                return new CompletionRule.OnField(field.group(1), field.group(2), value, atLeast);
            }
        }
    }

    private BigDecimal number(JsonNode node, String at, String where) {
        if (!node.isNumber()) {
            problem(at, where + ": at_least must be a number");
            return null;
        }
        return node.decimalValue();
    }

    private void checkPrerequisites(List<TaskSpec> tasks, Map<String, String> taskAt) {
        Map<String, TaskSpec> byId = new HashMap<>();
        tasks.forEach(t -> byId.put(t.id(), t));
        for (TaskSpec task : tasks) {
            for (int i = 0; i < task.prerequisites().size(); i++) {
                String prerequisite = task.prerequisites().get(i);
                if (!byId.containsKey(prerequisite)) {
                    problem(taskAt.get(task.id()) + "/prerequisites/" + i, "task '" + task.id() + "': prerequisite '"
                            + prerequisite + "' is not a task of this template");
                } else if (prerequisite.equals(task.id())) {
                    problem(taskAt.get(task.id()) + "/prerequisites/" + i, "task '" + task.id() + "' cannot be its own prerequisite");
                }
            }
        }
        for (TaskSpec task : tasks) {
            List<String> cycle = cycleFrom(task.id(), byId, new ArrayList<>());
            if (cycle != null && cycle.get(0).equals(task.id())) {
                problem(taskAt.get(task.id()) + "/prerequisites", "prerequisites go round in a circle: "
                        + String.join(" -> ", cycle));
            }
        }
    }

    /** The first cycle reachable from a task through prerequisites, as the path that closes it, or null. */
    private static List<String> cycleFrom(String id, Map<String, TaskSpec> byId, List<String> path) {
        if (path.contains(id)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            return cycle;
        }
        TaskSpec task = byId.get(id);
        if (task == null) {
            return null;
        }
        path.add(id);
        for (String prerequisite : task.prerequisites()) {
            if (!prerequisite.equals(id)) {
                List<String> cycle = cycleFrom(prerequisite, byId, path);
                if (cycle != null) {
                    return cycle;
                }
            }
        }
        path.remove(path.size() - 1);
        return null;
    }

    private void unknownKeys(JsonNode node, Set<String> allowed, String at, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                problem(at + "/" + key, where + ": unknown key '" + key + "' (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }
}
