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
        TEMPLATES.values().forEach(t -> t.tasks().forEach(task -> {
            if (task.rule() instanceof CompletionRule.OnField field) {
                fields.add(field.field());
            }
        }));
        return fields;
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
