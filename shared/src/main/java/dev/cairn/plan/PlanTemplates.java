package dev.cairn.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The built-in plan templates, read from the classpath once (dev/cairn/plan/templates/*.yaml). */
public final class PlanTemplates {

    public static final List<String> BUILT_IN = List.of("onboarding", "new-user", "new-product", "add-on");
    private static final String FOLDER = "/dev/cairn/plan/templates/";
    private static final Map<String, PlanTemplate> TEMPLATES = load();
    /** What the templates' rules read, as {@code kind:name}. */
    private static final Set<String> RULE_INPUTS = ruleInputs();

    private PlanTemplates() {
    }

    public static Optional<PlanTemplate> get(String id) {
        return Optional.ofNullable(TEMPLATES.get(id));
    }

    public static List<PlanTemplate> all() {
        return List.copyOf(TEMPLATES.values());
    }

    /** The account and contact fields the templates' rules read ({@code licenses_used}, {@code custom.trained}). */
    public static Set<String> ruleFields() {
        Set<String> fields = new TreeSet<>();
        RULE_INPUTS.stream().filter(i -> i.startsWith("account:") || i.startsWith("contact:"))
                .forEach(i -> fields.add(i.substring(i.indexOf(':') + 1)));
        return fields;
    }

    /**
     * Whether a rule of a template reads this input: an {@code event} or {@code metric} by name, an {@code account}
     * or {@code contact} field. Plans copy their template's rules and tasks added later have none, so data no rule
     * reads cannot complete a task.
     */
    public static boolean ruleReads(String kind, String name) {
        return RULE_INPUTS.contains(kind + ":" + name);
    }

    private static Set<String> ruleInputs() {
        Set<String> inputs = new TreeSet<>();
        TEMPLATES.values().forEach(t -> t.tasks().forEach(task -> {
            if (task.rule() instanceof CompletionRule.OnEvent e) {
                inputs.add("event:" + e.event());
            } else if (task.rule() instanceof CompletionRule.OnMetric m) {
                inputs.add("metric:" + m.metric());
            } else if (task.rule() instanceof CompletionRule.OnField f) {
                inputs.add(f.entity() + ":" + f.field());
            }
        }));
        return Set.copyOf(inputs);
    }

    /** Cairn's own templates are tested; one that does not validate is a bug in Cairn and fails at startup. */
    private static Map<String, PlanTemplate> load() {
        Map<String, PlanTemplate> templates = new LinkedHashMap<>();
        for (String id : BUILT_IN) {
            String file = id + ".yaml";
            try (InputStream in = PlanTemplates.class.getResourceAsStream(FOLDER + file)) {
                if (in == null) {
                    throw new IllegalStateException("missing built-in plan template " + FOLDER + file);
                }
                templates.put(id, PlanTemplateParser.parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return templates;
    }
}
