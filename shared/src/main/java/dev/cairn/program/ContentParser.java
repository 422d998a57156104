package dev.cairn.program;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the content sections of program.yaml — fields, snippets, scenes and calls to action — adding every problem
 * found, with its line, to {@code problems}. Liquid inside them is compiled later, by CompiledProgram.
 */
final class ContentParser {

    static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");
    static final Pattern SCENE_ID = Pattern.compile("^[a-z][a-z0-9-]{0,40}$");
    private static final Pattern SOURCE = Pattern.compile("^(contact|account|metric)\\.[a-z][a-z0-9_]{0,63}$");
    private static final Pattern METRIC = Pattern.compile("^metric\\.[a-z][a-z0-9_]{0,63}$");
    private static final Pattern LOCALE_TAG = Pattern.compile("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$");
    private static final Set<String> FIELD_KINDS = Set.of("value", "computed", "history", "change", "aggregate",
            "leaderboard");
    private static final Set<String> SCENE_COMMON_KEYS = Set.of("id", "type", "when", "title", "narration", "template");
    private static final Map<String, Set<String>> SCENE_KEYS = Map.of(
            "metric", Set.of("field", "format"),
            "bar_chart", Set.of("field"),
            "line_chart", Set.of("field"),
            "benchmark", Set.of("field", "reference", "format"),
            "support_usage", Set.of("field", "reference"),
            "leaderboard", Set.of("field"),
            "poll", Set.of("question", "scale"),
            "navigation", Set.of("paths"));
    private static final Set<String> CTA_KEYS = Set.of("id", "kind", "when", "priority", "label", "description", "link",
            "product");

    private final YamlLines lines;
    private final Map<String, String> files;
    private final List<String> problems;

    ContentParser(YamlLines lines, Map<String, String> files, List<String> problems) {
        this.lines = lines;
        this.files = files;
        this.problems = problems;
    }

    private void problem(String pointer, String message) {
        problems.add(lines.at(pointer) + ": " + message);
    }

    List<FieldSpec> fields(JsonNode node) {
        List<FieldSpec> fields = new ArrayList<>();
        if (node.isMissingNode()) {
            return fields;
        }
        if (!node.isObject()) {
            problem("/fields", "fields must be a mapping of field name to definition");
            return fields;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            FieldSpec field = field(entry.getKey(), entry.getValue(), "/fields/" + entry.getKey());
            if (field != null) {
                fields.add(field);
            }
        }
        return fields;
    }

    private FieldSpec field(String name, JsonNode node, String at) {
        if (!NAME.matcher(name).matches()) {
            problem(at, "field name '" + name + "' must be lowercase letters, digits and underscores");
            return null;
        }
        List<String> kinds = new ArrayList<>();
        node.fieldNames().forEachRemaining(key -> {
            if (FIELD_KINDS.contains(key)) {
                kinds.add(key);
            }
        });
        if (!node.isObject() || kinds.size() != 1) {
            problem(at, "field '" + name + "' must have exactly one of " + sorted(FIELD_KINDS));
            return null;
        }
        String kind = kinds.get(0);
        String value = node.get(kind).asText();
        String where = "field '" + name + "'";
        return switch (kind) {
            case "value" -> {
                unknownKeys(node, Set.of("value"), at, where);
                yield source(value, SOURCE, at + "/value", where) ? new FieldSpec.Value(name, value) : null;
            }
            case "computed" -> {
                unknownKeys(node, Set.of("computed"), at, where);
                if (!FieldSpec.COMPUTED.contains(value)) {
                    problem(at + "/computed", where + ": computed '" + value + "' is not known (one of "
                            + sorted(FieldSpec.COMPUTED) + ")");
                    yield null;
                }
                yield new FieldSpec.Computed(name, value);
            }
            case "history" -> {
                unknownKeys(node, Set.of("history", "points"), at, where);
                int points = integer(node, "points", 12, 2, 366, at, where);
                yield source(value, METRIC, at + "/history", where)
                        ? new FieldSpec.History(name, value.substring("metric.".length()), points) : null;
            }
            case "change" -> {
                unknownKeys(node, Set.of("change", "days"), at, where);
                if (!node.has("days")) {
                    problem(at, where + ": change needs days (the period, such as 90)");
                }
                int days = integer(node, "days", 0, 1, 3660, at, where);
                yield source(value, METRIC, at + "/change", where)
                        ? new FieldSpec.Change(name, value.substring("metric.".length()), days) : null;
            }
            case "aggregate" -> aggregate(name, value, node, at, where);
            default -> {
                unknownKeys(node, Set.of("leaderboard", "scope", "top"), at, where);
                String scope = scope(node, value, at, where);
                int top = integer(node, "top", 5, 1, 50, at, where);
                yield scope != null && source(value, SOURCE, at + "/leaderboard", where)
                        ? new FieldSpec.Leaderboard(name, value, scope, top) : null;
            }
        };
    }

    private FieldSpec aggregate(String name, String function, JsonNode node, String at, String where) {
        unknownKeys(node, Set.of("aggregate", "of", "scope", "percentile"), at, where);
        if (!FieldSpec.AGGREGATES.contains(function)) {
            problem(at + "/aggregate", where + ": aggregate '" + function + "' is not known (one of "
                    + sorted(FieldSpec.AGGREGATES) + ")");
            return null;
        }
        String of = node.path("of").asText(null);
        if (of == null) {
            problem(at, where + ": aggregate needs of (contact.<attribute>, account.<attribute> or metric.<name>)");
            return null;
        }
        double percentile = 0;
        if (function.equals("percentile")) {
            JsonNode p = node.path("percentile");
            if (!p.isNumber() || p.asDouble() < 0 || p.asDouble() > 100) {
                problem(at, where + ": percentile needs percentile: a number from 0 to 100");
                return null;
            }
            percentile = p.asDouble();
        } else if (node.has("percentile")) {
            problem(at + "/percentile", where + ": percentile applies only to aggregate: percentile");
        }
        String scope = scope(node, of, at, where);
        return scope != null && source(of, SOURCE, at + "/of", where)
                ? new FieldSpec.Aggregate(name, function, percentile, of, scope) : null;
    }

    /** The scope, checked against what its members are: contacts for team and account, accounts for the others. */
    private String scope(JsonNode node, String of, String at, String where) {
        String scope = node.path("scope").asText(null);
        Set<String> all = new TreeSet<>(FieldSpec.CONTACT_SCOPES);
        all.addAll(FieldSpec.ACCOUNT_SCOPES);
        if (scope == null || !all.contains(scope)) {
            problem(at + (scope == null ? "" : "/scope"), where + ": scope must be one of " + all
                    + (scope == null ? "" : ", not '" + scope + "'"));
            return null;
        }
        if (FieldSpec.CONTACT_SCOPES.contains(scope) && of.startsWith("account.")) {
            problem(at + "/scope", where + ": the members of scope '" + scope + "' are contacts; use contact.<attribute>"
                    + " or metric.<name>, not " + of);
            return null;
        }
        if (FieldSpec.ACCOUNT_SCOPES.contains(scope) && of.startsWith("contact.")) {
            problem(at + "/scope", where + ": the members of scope '" + scope + "' are accounts; use account.<attribute>"
                    + " or metric.<name>, not " + of);
            return null;
        }
        return scope;
    }

    private boolean source(String value, Pattern pattern, String at, String where) {
        if (!pattern.matcher(value).matches()) {
            problem(at, where + ": '" + value + "' is not a source; write "
                    + (pattern == METRIC ? "metric.<name>" : "contact.<attribute>, account.<attribute> or metric.<name>"));
            return false;
        }
        return true;
    }

    private int integer(JsonNode node, String key, int fallback, int min, int max, String at, String where) {
        if (!node.has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < min || value.asInt() > max) {
            problem(at + "/" + key, where + ": " + key + " must be a whole number from " + min + " to " + max);
            return fallback;
        }
        return value.asInt();
    }

    List<SnippetSpec> snippets(JsonNode node) {
        List<SnippetSpec> snippets = new ArrayList<>();
        if (node.isMissingNode()) {
            return snippets;
        }
        if (!node.isObject()) {
            problem("/snippets", "snippets must be a mapping of snippet name to {when, text}");
            return snippets;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String at = "/snippets/" + name;
            String where = "snippet '" + name + "'";
            if (!NAME.matcher(name).matches()) {
                problem(at, "snippet name '" + name + "' must be lowercase letters, digits and underscores");
                continue;
            }
            unknownKeys(entry.getValue(), Set.of("when", "text"), at, where);
            Localized text = localized(entry.getValue().path("text"), at + "/text", where + ": text", true);
            if (text != null) {
                snippets.add(new SnippetSpec(name, condition(entry.getValue(), at, where), text));
            }
        }
        return snippets;
    }

    List<SceneSpec> scenes(JsonNode node, Map<String, FieldSpec> fields) {
        List<SceneSpec> scenes = new ArrayList<>();
        if (node.isMissingNode()) {
            return scenes;
        }
        if (!node.isArray()) {
            problem("/scenes", "scenes must be a list, in page order");
            return scenes;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            SceneSpec scene = scene(node.get(i), i, fields);
            if (scene != null && !ids.add(scene.id())) {
                problem("/scenes/" + i + "/id", "scene id '" + scene.id() + "' is used twice");
            } else if (scene != null) {
                scenes.add(scene);
            }
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode paths = node.get(i).path("paths");
            for (int p = 0; p < paths.size(); p++) {
                JsonNode sceneIds = paths.get(p).path("scenes");
                for (int s = 0; s < sceneIds.size(); s++) {
                    String id = sceneIds.get(s).asText();
                    if (!ids.contains(id)) {
                        problem("/scenes/" + i + "/paths/" + p + "/scenes/" + s, "navigation path names scene '" + id
                                + "', which is not a scene of this program " + sorted(ids));
                    } else if (scenes.stream().anyMatch(sc -> sc.id().equals(id) && sc.type().equals("navigation"))) {
                        problem("/scenes/" + i + "/paths/" + p + "/scenes/" + s, "a navigation path cannot contain"
                                + " the navigation scene '" + id + "'");
                    }
                }
            }
        }
        return scenes;
    }

    private SceneSpec scene(JsonNode node, int index, Map<String, FieldSpec> fields) {
        String at = "/scenes/" + index;
        String type = node.path("type").asText(null);
        if (!node.isObject() || type == null) {
            problem(at, "scene " + (index + 1) + " needs a type (one of " + sorted(SceneSpec.TYPES) + ")");
            return null;
        }
        if (!SceneSpec.TYPES.contains(type)) {
            problem(at + "/type", "scene " + (index + 1) + ": unknown scene type '" + type + "' (one of "
                    + sorted(SceneSpec.TYPES) + ")");
            return null;
        }
        String id = node.path("id").asText(type.replace('_', '-') + "-" + (index + 1));
        String where = "scene '" + id + "'";
        if (!SCENE_ID.matcher(id).matches()) {
            problem(at + "/id", where + ": id must start with a letter and use lowercase letters, digits and hyphens");
        }
        Set<String> allowed = new HashSet<>(SCENE_COMMON_KEYS);
        allowed.addAll(SCENE_KEYS.getOrDefault(type, Set.of()));
        unknownKeys(node, allowed, at, where + " (" + type + ")");
        String template = node.path("template").asText(null);
        if (template != null && !files.containsKey(template)) {
            problem(at + "/template", where + ": template names '" + template + "', which is not among the program's"
                    + " files " + sorted(files.keySet()));
        }
        Localized title = localized(node.path("title"), at + "/title", where + ": title", false);
        Localized narration = localized(node.path("narration"), at + "/narration", where + ": narration", false);
        String field = null;
        if (SCENE_KEYS.getOrDefault(type, Set.of()).contains("field")) {
            field = fieldReference(node, "field", at, where, fields, type);
        }
        String reference = SCENE_KEYS.getOrDefault(type, Set.of()).contains("reference") ? fieldReference(node, "reference", at, where, fields, type) : null;
        String format = node.path("format").asText(null);
        if (format != null && !SceneSpec.FORMATS.contains(format)) {
            problem(at + "/format", where + ": format '" + format + "' is not one of " + sorted(SceneSpec.FORMATS));
        }
        Localized question = null;
        String scale = null;
        if (type.equals("poll")) {
            question = localized(node.path("question"), at + "/question", where + ": question", true);
            scale = node.path("scale").asText(null);
            if (scale == null || !SceneSpec.POLL_SCALES.contains(scale)) {
                problem(at + (scale == null ? "" : "/scale"), where + ": scale must be one of "
                        + sorted(SceneSpec.POLL_SCALES));
            }
        }
        List<SceneSpec.Path> paths = type.equals("navigation") ? paths(node.path("paths"), at, where) : List.of();
        return new SceneSpec(id, type, condition(node, at, where), title, narration, template, field, reference,
                format, question, scale, paths);
    }

    /** A field a scene shows: declared, and of the kind a chart or leaderboard needs. */
    private String fieldReference(JsonNode node, String key, String at, String where, Map<String, FieldSpec> fields,
                                  String type) {
        String name = node.path(key).asText(null);
        if (name == null) {
            problem(at, where + ": a " + type + " scene needs " + key + " (the name of a field)");
            return null;
        }
        FieldSpec field = fields.get(name);
        if (field == null) {
            problem(at + "/" + key, where + ": unknown field '" + name + "' (declared: " + sorted(fields.keySet()) + ")");
        } else if (type.endsWith("_chart") && !(field instanceof FieldSpec.History)) {
            problem(at + "/" + key, where + ": a chart draws a history field (history: metric.<name>); '" + name
                    + "' is not one");
        } else if (type.equals("leaderboard") && !(field instanceof FieldSpec.Leaderboard)) {
            problem(at + "/" + key, where + ": a leaderboard scene shows a leaderboard field; '" + name + "' is not one");
        }
        return name;
    }

    private List<SceneSpec.Path> paths(JsonNode node, String at, String where) {
        List<SceneSpec.Path> paths = new ArrayList<>();
        if (!node.isArray() || node.isEmpty()) {
            problem(at, where + ": a navigation scene needs paths, a list of {id, label, scenes}");
            return paths;
        }
        Set<String> ids = new HashSet<>();
        for (int p = 0; p < node.size(); p++) {
            JsonNode path = node.get(p);
            String pathAt = at + "/paths/" + p;
            String id = path.path("id").asText(null);
            unknownKeys(path, Set.of("id", "label", "scenes"), pathAt, where + " path");
            if (id == null || !SCENE_ID.matcher(id).matches() || !ids.add(id)) {
                problem(pathAt, where + ": each path needs a unique id of lowercase letters, digits and hyphens");
                continue;
            }
            Localized label = localized(path.path("label"), pathAt + "/label", where + ": path '" + id + "' label", true);
            List<String> sceneIds = new ArrayList<>();
            path.path("scenes").forEach(s -> sceneIds.add(s.asText()));
            if (sceneIds.isEmpty()) {
                problem(pathAt, where + ": path '" + id + "' needs scenes, a list of scene ids");
            }
            paths.add(new SceneSpec.Path(id, label, List.copyOf(sceneIds)));
        }
        return paths;
    }

    List<CtaSpec> ctas(JsonNode node) {
        List<CtaSpec> ctas = new ArrayList<>();
        if (node.isMissingNode()) {
            return ctas;
        }
        if (!node.isArray()) {
            problem("/ctas", "ctas must be a list of calls to action");
            return ctas;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode cta = node.get(i);
            String at = "/ctas/" + i;
            String id = cta.path("id").asText(null);
            if (id == null || !SCENE_ID.matcher(id).matches() || !ids.add(id)) {
                problem(at, "call to action " + (i + 1) + " needs a unique id of lowercase letters, digits and hyphens");
                continue;
            }
            String where = "call to action '" + id + "'";
            unknownKeys(cta, CTA_KEYS, at, where);
            String kind = cta.path("kind").asText(null);
            if (kind == null || !CtaSpec.KINDS.contains(kind)) {
                problem(at + (kind == null ? "" : "/kind"), where + ": kind must be one of " + sorted(CtaSpec.KINDS)
                        + (kind == null ? "" : ", not '" + kind + "'"));
            }
            String product = cta.path("product").asText(null);
            if (kind != null && CtaSpec.SELLING_KINDS.contains(kind) && product == null) {
                problem(at, where + ": a " + kind + " needs product (what it sells), so that it is never offered to an"
                        + " account that already has it");
            }
            JsonNode priority = cta.path("priority");
            if (!priority.isMissingNode() && !priority.isIntegralNumber()) {
                problem(at + "/priority", where + ": priority must be a whole number (higher shows first)");
            }
            String link = cta.path("link").asText(null);
            if (link == null || link.isBlank()) {
                problem(at, where + ": link is required");
            }
            Localized label = localized(cta.path("label"), at + "/label", where + ": label", true);
            Localized description = localized(cta.path("description"), at + "/description", where + ": description",
                    false);
            ctas.add(new CtaSpec(id, kind, condition(cta, at, where), priority.asInt(0), label, description, link,
                    product));
        }
        return ctas;
    }

    /** The {@code when} of an element; the Liquid check happens when the program is compiled. */
    private String condition(JsonNode node, String at, String where) {
        JsonNode when = node.path("when");
        if (when.isMissingNode() || when.isNull()) {
            return null;
        }
        if (!when.isValueNode() || when.asText().isBlank()) {
            problem(at + "/when", where + ": when must be a condition such as 'account.segment == \"SMB\"'");
            return null;
        }
        return when.asText();
    }

    /** Text with optional locale variants; null when absent (a problem if {@code required}) or malformed. */
    Localized localized(JsonNode node, String at, String where, boolean required) {
        if (node.isMissingNode() || node.isNull()) {
            if (required) {
                problem(at.substring(0, at.lastIndexOf('/')), where + " is required");
            }
            return null;
        }
        if (node.isValueNode()) {
            return Localized.of(node.asText());
        }
        if (!node.isObject()) {
            problem(at, where + " must be text, or a mapping of locale to text with a default");
            return null;
        }
        Map<String, String> variants = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> variant = it.next();
            String tag = variant.getKey();
            if (!tag.equals(Localized.DEFAULT) && !LOCALE_TAG.matcher(tag).matches()) {
                problem(at + "/" + tag, where + ": '" + tag + "' is not a locale tag such as fr or fr-CA");
            } else if (!variant.getValue().isValueNode()) {
                problem(at + "/" + tag, where + ": the " + tag + " variant must be text");
            } else {
                variants.put(tag, variant.getValue().asText());
            }
        }
        if (!variants.containsKey(Localized.DEFAULT)) {
            problem(at, where + " needs a default variant, used when no locale matches");
            return null;
        }
        return new Localized(Map.copyOf(variants));
    }

    private void unknownKeys(JsonNode node, Set<String> known, String at, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problem(at + "/" + key, where + ": unknown key '" + key + "' (allowed: " + sorted(known) + ")");
            }
        }
    }

    static String sorted(Set<String> values) {
        return new TreeSet<>(values).toString();
    }
}
