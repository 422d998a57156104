package dev.cairn.program;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import dev.cairn.json.Yaml;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates a program's YAML and Liquid files, reporting every problem with its file and line. */
public final class ProgramParser {

    public static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final Set<String> KEYS = Set.of("id", "name", "trigger", "schedule", "entry", "send_window",
            "audience", "page", "email", "fields", "snippets", "scenes", "ctas", "category", "steps");
    private static final Set<String> AUDIENCE_KEYS = Set.of("segments", "roles", "when");
    private static final Set<String> EMAIL_KEYS = Set.of("subject", "html", "text");
    private static final Set<String> SCHEDULE_KEYS = Set.of("cron", "timezone");
    private static final Set<String> ENTRY_KEYS = Set.of("cooldown_days");
    private static final Set<String> SEND_WINDOW_KEYS = Set.of("days", "from", "to");
    /** Triggers whose occasions never repeat for a contact (once ever, or a new run each time): no cooldown applies. */
    private static final Set<String> ONCE_OR_RUN = Set.of(Triggers.CONTACT_CREATED, Triggers.NEW_USER,
            Triggers.SCHEDULE, Triggers.MANUAL);
    /** Days before the same program can start again for the same contact, unless the program says otherwise. */
    public static final int DEFAULT_COOLDOWN_DAYS = 30;
    private static final Map<String, java.time.DayOfWeek> DAYS = Map.of("mon", java.time.DayOfWeek.MONDAY,
            "tue", java.time.DayOfWeek.TUESDAY, "wed", java.time.DayOfWeek.WEDNESDAY, "thu", java.time.DayOfWeek.THURSDAY,
            "fri", java.time.DayOfWeek.FRIDAY, "sat", java.time.DayOfWeek.SATURDAY, "sun", java.time.DayOfWeek.SUNDAY);
    /** A program version is one DynamoDB item (400 KB); this leaves room for its other attributes. */
    public static final int MAX_PROGRAM_BYTES = 350_000;
    private static final String FILE = Program.PROGRAM_FILE;

    private ProgramParser() {
    }

    /** Parses a program's settings; {@link dev.cairn.render.CompiledProgram#compile} then checks its templates. */
    public static Program parse(String expectedId, int version, String yaml, Map<String, String> files) {
        return parse(expectedId, version, yaml, tree(yaml), YamlLines.of(yaml), files);
    }

    private static JsonNode tree(String yaml) {
        JsonNode root;
        try {
            root = Yaml.MAPPER.readTree(yaml == null ? "" : yaml);
        } catch (JsonProcessingException e) {
            throw new ProgramValidationException(List.of(Yaml.syntaxProblem(FILE, e)));
        }
        if (root == null || !root.isObject()) {
            throw new ProgramValidationException(List.of(FILE + ": must be a YAML mapping with id, name, trigger, page and email"));
        }
        return root;
    }

    /**
     * A version's YAML as parsed (its tree and each node's line) in JSON, stored beside the YAML so that the functions
     * that read programs (evaluate, render) need no YAML parser: loading SnakeYAML and parsing took 50–100 ms of
     * their cold start (docs/performance.md, 5a).
     */
    public static String parsedForm(Program program) {
        ObjectNode form = Json.object();
        form.set("tree", tree(program.yaml()));
        ObjectNode lines = form.putObject("lines");
        program.lines().byPointer().forEach(lines::put);
        return Json.write(form);
    }

    /** A stored version from its {@link #parsedForm}: the same program as {@link #parse} of its YAML gives. */
    public static Program fromParsedForm(String expectedId, int version, String yaml, String parsedForm,
                                         Map<String, String> files) {
        JsonNode parsed;
        try {
            parsed = Json.parse(parsedForm);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("program " + expectedId + " version " + version + ": stored parsed form"
                    + " is not JSON", e);
        }
        Map<String, Integer> lines = new HashMap<>();
        parsed.path("lines").fields().forEachRemaining(line -> lines.put(line.getKey(), line.getValue().intValue()));
        return parse(expectedId, version, yaml, parsed.path("tree"), YamlLines.stored(lines), files);
    }

    private static Program parse(String expectedId, int version, String yaml, JsonNode root, YamlLines lines,
                                 Map<String, String> files) {
        List<String> problems = new ArrayList<>();
        unknownKeys(root, KEYS, "", problems);
        long size = size(yaml, files);
        if (size > MAX_PROGRAM_BYTES) {
            problems.add(FILE + ": the program and its files add up to " + size + " characters; at most "
                    + MAX_PROGRAM_BYTES + " fit in one version");
        }
        String id = Json.text(root, "id");
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(FILE + ": id must be lowercase letters, digits and hyphens (at most 63)");
        } else if (expectedId != null && !expectedId.equals(id)) {
            problems.add(FILE + ": id '" + id + "' does not match the program id in the request, '" + expectedId + "'");
        }
        String category = Json.text(root, "category");
        if (category != null && !ID.matcher(category).matches()) {
            problems.add(FILE + ": category '" + category + "' must be lowercase letters, digits and hyphens (at most 63),"
                    + " such as onboarding");
        }
        String name = Json.text(root, "name");
        if (name == null || name.isBlank()) {
            problems.add(FILE + ": name is required");
        }
        TriggerSpec trigger = Triggers.parse(root.path("trigger"), lines, problems);
        ScheduleSpec schedule = schedule(root.path("schedule"), trigger, lines, problems);
        int cooldownDays = cooldownDays(root.path("entry"), lines, problems);
        SendWindow sendWindow = sendWindow(root.path("send_window"), lines, problems);
        JsonNode audience = root.path("audience");
        unknownKeys(audience, AUDIENCE_KEYS, "audience.", problems);
        for (String list : List.of("segments", "roles")) {
            if (audience.has(list) && !audience.get(list).isArray()) {
                problems.add(FILE + ": audience." + list + " must be a list, such as [" + audience.get(list).asText() + "]");
            }
        }
        JsonNode email = root.path("email");
        unknownKeys(email, EMAIL_KEYS, "email.", problems);
        ContentParser content = new ContentParser(lines, files, problems);
        List<FieldSpec> fields = content.fields(root.path("fields"));
        Map<String, FieldSpec> fieldsByName = new LinkedHashMap<>();
        fields.forEach(f -> fieldsByName.put(f.name(), f));
        List<SnippetSpec> snippets = content.snippets(root.path("snippets"));
        List<SceneSpec> scenes = content.scenes(root.path("scenes"), fieldsByName);
        List<CtaSpec> ctas = content.ctas(root.path("ctas"));
        // Without a page file, Cairn lays out the scenes; with neither there would be nothing to show.
        String page = root.has("page") || scenes.isEmpty() ? fileReference(root, "page", files, problems) : null;
        Localized subject = content.localized(email.path("subject"), "/email/subject", "email.subject", false);
        if (subject == null || subject.defaultText().isBlank()) {
            problems.add(FILE + ": email.subject is required");
        }
        String html = fileReference(email, "html", files, problems);
        String text = fileReference(email, "text", files, problems);
        List<StepSpec> steps = new StepParser(lines, files, content, problems).steps(root.path("steps"));
        Program program = new Program(id, version, name, trigger, schedule, cooldownDays, sendWindow, strings(audience.path("segments")),
                strings(audience.path("roles")), Json.text(audience, "when"), page, subject, html, text,
                List.copyOf(fields), List.copyOf(snippets), List.copyOf(scenes), List.copyOf(ctas), yaml,
                Map.copyOf(files), category == null ? id : category, List.copyOf(steps), lines);
        int span = Sequence.spanDays(program);
        if (span > cooldownDays && trigger != null && !ONCE_OR_RUN.contains(trigger.on())) {
            // A contact must not enter again, and start the sequence over, while its steps are still due.
            problems.add(lines.at(root.has("entry") ? "/entry/cooldown_days" : "/steps") + ": the sequence lasts "
                    + span + " days, longer than entry.cooldown_days (" + cooldownDays + "); set entry.cooldown_days"
                    + " to at least " + span);
        }
        // Checked even when other problems were found, so that the author sees every mistake at once.
        References.check(program, lines, problems);
        if (!problems.isEmpty()) {
            throw new ProgramValidationException(problems);
        }
        return program;
    }

    /** What a version's size limit counts: the characters of program.yaml and of each file's name and content. */
    public static long size(String yaml, Map<String, String> files) {
        return (yaml == null ? 0 : yaml.length()) + files.entrySet().stream()
                .mapToLong(f -> f.getKey().length() + f.getValue().length()).sum();
    }

    private static ScheduleSpec schedule(JsonNode node, TriggerSpec trigger, YamlLines lines, List<String> problems) {
        boolean scheduled = trigger != null && trigger.on().equals(Triggers.SCHEDULE);
        if (node.isMissingNode()) {
            if (scheduled) {
                problems.add(lines.at("/trigger") + ": trigger schedule needs schedule.cron, such as \"0 9 * * 1\"");
            }
            return null;
        }
        unknownKeys(node, SCHEDULE_KEYS, "schedule.", problems);
        if (!scheduled) {
            problems.add(lines.at("/schedule") + ": schedule is only read with trigger.on: schedule");
        }
        String cron = Json.text(node, "cron");
        java.time.ZoneId zone = java.time.ZoneOffset.UTC;
        try {
            if (node.has("timezone")) {
                zone = java.time.ZoneId.of(node.path("timezone").asText());
            }
        } catch (java.time.DateTimeException e) {
            problems.add(lines.at("/schedule/timezone") + ": schedule.timezone '" + node.path("timezone").asText()
                    + "' is not a time zone; use an IANA name such as America/New_York");
        }
        if (cron == null) {
            problems.add(lines.at("/schedule") + ": schedule.cron is required");
            return null;
        }
        try {
            dev.cairn.trigger.Cron.parse(cron);
        } catch (IllegalArgumentException e) {
            problems.add(lines.at("/schedule/cron") + ": schedule." + e.getMessage());
        }
        return new ScheduleSpec(cron, zone);
    }

    private static int cooldownDays(JsonNode entry, YamlLines lines, List<String> problems) {
        unknownKeys(entry, ENTRY_KEYS, "entry.", problems);
        JsonNode days = entry.path("cooldown_days");
        if (days.isMissingNode()) {
            return DEFAULT_COOLDOWN_DAYS;
        }
        if (!days.isIntegralNumber() || days.intValue() < 0) {
            problems.add(lines.at("/entry/cooldown_days") + ": entry.cooldown_days must be a whole number of days, 0 or more");
            return DEFAULT_COOLDOWN_DAYS;
        }
        return days.intValue();
    }

    private static SendWindow sendWindow(JsonNode node, YamlLines lines, List<String> problems) {
        if (node.isMissingNode()) {
            return null;
        }
        unknownKeys(node, SEND_WINDOW_KEYS, "send_window.", problems);
        java.util.Set<java.time.DayOfWeek> days = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
        JsonNode list = node.path("days");
        if (list.isMissingNode()) {
            days.addAll(List.of(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.TUESDAY, java.time.DayOfWeek.WEDNESDAY,
                    java.time.DayOfWeek.THURSDAY, java.time.DayOfWeek.FRIDAY));
        } else {
            for (JsonNode day : list) {
                java.time.DayOfWeek d = DAYS.get(day.asText().toLowerCase(java.util.Locale.ROOT));
                if (d == null) {
                    problems.add(lines.at("/send_window/days") + ": send_window.days '" + day.asText()
                            + "' is not a day; use mon, tue, wed, thu, fri, sat, sun");
                } else {
                    days.add(d);
                }
            }
        }
        java.time.LocalTime from = time(node, "from", "09:00", lines, problems);
        java.time.LocalTime to = time(node, "to", "17:00", lines, problems);
        if (!from.isBefore(to)) {
            problems.add(lines.at("/send_window") + ": send_window.from must be before send_window.to");
        }
        return new SendWindow(java.util.Set.copyOf(days), from, to);
    }

    private static java.time.LocalTime time(JsonNode node, String key, String fallback, YamlLines lines, List<String> problems) {
        String text = node.has(key) ? node.path(key).asText() : fallback;
        try {
            return java.time.LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (java.time.format.DateTimeParseException e) {
            problems.add(lines.at("/send_window/" + key) + ": send_window." + key + " '" + text + "' is not a time; use HH:MM");
            return java.time.LocalTime.parse(fallback);
        }
    }

    private static String fileReference(JsonNode parent, String key, Map<String, String> files, List<String> problems) {
        String file = Json.text(parent, key);
        String where = key.equals("page") ? "page" : "email." + key;
        if (file == null) {
            problems.add(FILE + ": " + where + " is required (the name of a Liquid file beside program.yaml"
                    + (key.equals("page") ? ", or scenes for Cairn's built-in page" : "") + ")");
        } else if (!files.containsKey(file)) {
            problems.add(FILE + ": " + where + " names '" + file + "', which is not among the program's files "
                    + files.keySet().stream().sorted().toList());
        }
        return file;
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(item -> values.add(item.asText()));
        return List.copyOf(values);
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String prefix, List<String> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.add(FILE + ": unknown key '" + prefix + key + "'");
            }
        }
    }
}
