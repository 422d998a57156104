package dev.cairn.program;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code steps:} of program.yaml, adding every problem with its line to {@code problems}. */
final class StepParser {

    static final Pattern STEP_ID = Pattern.compile("^[a-z][a-z0-9-]{0,40}$");
    private static final Set<String> KEYS = Set.of("id", "offset_days", "after", "delay_days", "if", "page", "email");
    private static final Set<String> EMAIL_KEYS = Set.of("subject", "html", "text");

    private final YamlLines lines;
    private final Map<String, String> files;
    private final ContentParser content;
    private final List<String> problems;

    StepParser(YamlLines lines, Map<String, String> files, ContentParser content, List<String> problems) {
        this.lines = lines;
        this.files = files;
        this.content = content;
        this.problems = problems;
    }

    private void problem(String pointer, String message) {
        problems.add(lines.at(pointer) + ": " + message);
    }

    List<StepSpec> steps(JsonNode node) {
        List<StepSpec> steps = new ArrayList<>();
        if (node.isMissingNode()) {
            return steps;
        }
        if (!node.isArray()) {
            problem("/steps", "steps must be a list of steps, each with an id, its timing and its email");
            return steps;
        }
        Set<String> earlier = new HashSet<>();
        Set<String> afterEngagement = new HashSet<>(Set.of(Sequence.ENGAGED));
        for (int i = 0; i < node.size(); i++) {
            StepSpec step = step(node.get(i), "/steps/" + i, i + 1, earlier, afterEngagement);
            if (step != null) {
                steps.add(step);
                earlier.add(step.id());
                if (afterEngagement.contains(step.anchor())) {
                    afterEngagement.add(step.id());
                }
            }
        }
        return steps;
    }

    private StepSpec step(JsonNode step, String at, int position, Set<String> earlier, Set<String> afterEngagement) {
        if (!step.isObject()) {
            problem(at, "step " + position + " must be a mapping with id, its timing and email");
            return null;
        }
        String id = Json.text(step, "id");
        String where = "step " + (id == null ? String.valueOf(position) : "'" + id + "'");
        for (Iterator<String> it = step.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                problem(at + "/" + key, where + ": unknown key '" + key + "' (allowed: " + ContentParser.sorted(KEYS) + ")");
            }
        }
        boolean valid = true;
        if (id == null || !STEP_ID.matcher(id).matches()) {
            problem(at + "/id", where + ": id is required: lowercase letters, digits and hyphens, starting with a letter");
            valid = false;
        } else if (id.equals(Sequence.MAIN) || id.equals(Sequence.ENGAGED)) {
            problem(at + "/id", where + ": '" + id + "' is reserved (main is the program's own email, engaged the"
                    + " contact's first engagement)");
            valid = false;
        } else if (earlier.contains(id)) {
            problem(at + "/id", where + ": another step has the id '" + id + "'");
            valid = false;
        }

        String anchor = Sequence.MAIN;
        int delay = 0;
        boolean hasOffset = step.has("offset_days");
        boolean hasAfter = step.has("after");
        if (hasOffset == hasAfter) {
            problem(at, where + ": give either offset_days (days from the main send, such as -7) or after (main,"
                    + " engaged or an earlier step) with delay_days");
            valid = false;
        } else if (hasOffset) {
            if (step.has("delay_days")) {
                problem(at + "/delay_days", where + ": delay_days goes with after; offset_days already says when");
                valid = false;
            }
            JsonNode offset = step.get("offset_days");
            if (!offset.isIntegralNumber()) {
                problem(at + "/offset_days", where + ": offset_days must be a whole number of days from the main send"
                        + " (negative: before it)");
                valid = false;
            } else {
                delay = offset.intValue();
            }
        } else {
            anchor = step.get("after").asText();
            if (!anchor.equals(Sequence.MAIN) && !anchor.equals(Sequence.ENGAGED) && !earlier.contains(anchor)) {
                problem(at + "/after", where + ": after '" + anchor + "' names no earlier step (use main, engaged or"
                        + " the id of a step listed before this one)");
                valid = false;
            }
            JsonNode days = step.path("delay_days");
            if (!days.isMissingNode()) {
                if (!days.isIntegralNumber() || days.intValue() < 0) {
                    problem(at + "/delay_days", where + ": delay_days must be a whole number of days, 0 or more");
                    valid = false;
                } else {
                    delay = days.intValue();
                }
            }
        }

        String condition = Json.text(step, "if");
        if (condition != null) {
            if (!condition.equals(Sequence.IF_ENGAGED) && !condition.equals(Sequence.IF_NOT_ENGAGED)) {
                problem(at + "/if", where + ": if '" + condition + "' must be engaged or not_engaged");
                valid = false;
            } else if (afterEngagement.contains(anchor)) {
                problem(at + "/if", where + ": if is not needed on a step that follows the contact's engagement:"
                        + " the contact has engaged by then");
                valid = false;
            }
        }
        JsonNode page = step.path("page");
        if (!page.isMissingNode() && !page.isBoolean()) {
            problem(at + "/page", where + ": page must be true (render the hub page again) or false");
            valid = false;
        }

        JsonNode email = step.path("email");
        if (!email.isObject()) {
            problem(at, where + ": email is required, with subject, html and text like the program's email");
            return null;
        }
        for (Iterator<String> it = email.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!EMAIL_KEYS.contains(key)) {
                problem(at + "/email/" + key, where + ": unknown key 'email." + key + "' (allowed: "
                        + ContentParser.sorted(EMAIL_KEYS) + ")");
            }
        }
        Localized subject = content.localized(email.path("subject"), at + "/email/subject", where + ": email.subject", true);
        String html = file(email, "html", at, where);
        String text = file(email, "text", at, where);
        if (!valid || subject == null || html == null || text == null) {
            return null;
        }
        return new StepSpec(id, anchor, delay, condition, page.asBoolean(false), subject, html, text);
    }

    private String file(JsonNode email, String key, String at, String where) {
        String file = Json.text(email, key);
        if (file == null) {
            problem(at + "/email", where + ": email." + key + " is required (the name of a Liquid file beside program.yaml)");
            return null;
        }
        if (!files.containsKey(file)) {
            problem(at + "/email/" + key, where + ": email." + key + " names '" + file
                    + "', which is not among the program's files " + files.keySet().stream().sorted().toList());
            return null;
        }
        return file;
    }
}
