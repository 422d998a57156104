package dev.cairn.render;

import dev.cairn.program.Condition;
import dev.cairn.program.CtaSpec;
import dev.cairn.program.FieldSpec;
import dev.cairn.program.SceneSpec;
import dev.cairn.render.fields.Benchmark;
import dev.cairn.render.fields.FieldData;
import dev.cairn.render.fields.FieldEngine;
import dev.cairn.render.scenes.Charts;
import dev.cairn.render.scenes.Comparison;
import dev.cairn.render.scenes.CtaSelection;
import dev.cairn.render.scenes.PlanScenes;
import dev.cairn.render.scenes.Relationship;
import dev.cairn.tracking.PollKind;
import dev.cairn.tracking.TrackedLinks;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Renders a compiled program for one contact, without storing or sending anything: fields, then snippets, then
 * calls to action, then the scenes whose condition holds and whose data exists, then the page and the email.
 * Used by the render stage and by preview.
 */
public final class HubRenderer {

    private final LiquidEngine liquid;

    public HubRenderer(LiquidEngine liquid) {
        this.liquid = liquid;
    }

    /** As a preview shows it: direct links, no poll answers, no unsubscribe link. */
    public RenderedMessage render(CompiledProgram compiled, FieldData data, String hubUrl) {
        return render(compiled, data, hubUrl, TrackedLinks.UNTRACKED);
    }

    /**
     * The page links to itself directly; the email's {@code hub.url} goes through the tracked redirect, so that
     * opening the page from the email counts. Calls to action go through it on both.
     */
    public RenderedMessage render(CompiledProgram compiled, FieldData data, String hubUrl, TrackedLinks links) {
        return render(compiled, data, hubUrl, links, List.of(), null);
    }

    /**
     * @param reviews the contact's earlier reviews, newest first ({@code url}, {@code program}, {@code date})
     * @param step a sequence step whose email replaces the program's own; null for the main send
     */
    public RenderedMessage render(CompiledProgram compiled, FieldData data, String hubUrl, TrackedLinks links,
                                  List<Map<String, Object>> reviews, CompiledProgram.Step step) {
        var program = compiled.program();
        Map<String, Object> vars = RenderModel.of(data.contact(), data.account(), hubUrl, program.id(), program.name());
        vars.put("unsubscribe", Map.of("url", links.unsubscribe(program.category())));
        String locale = data.contact().get("locale") == null ? "en" : data.contact().get("locale").toString();
        vars.put(LiquidEngine.LOCALE, locale);
        vars.put(LiquidEngine.TIMEZONE, data.contact().getOrDefault("timezone", "UTC"));
        vars.put("today", data.today().toString());
        vars.put("reviews", reviews);
        vars.put("step", Map.of("id", step == null ? dev.cairn.program.Sequence.MAIN : step.spec().id()));
        vars.put("fields", FieldEngine.compute(program.fields(), data));

        Map<String, Object> htmlSnippets = new LinkedHashMap<>();
        Map<String, Object> textSnippets = new LinkedHashMap<>();
        vars.put("snippets", htmlSnippets);
        for (CompiledProgram.Snippet snippet : compiled.snippets()) {
            if (holds(snippet.when(), vars)) {
                htmlSnippets.put(snippet.spec().name(), new SafeHtml(snippet.html().render(liquid, locale, vars)));
                Map<String, Object> textVars = new HashMap<>(vars);
                textVars.put("snippets", textSnippets);
                textSnippets.put(snippet.spec().name(), snippet.text().render(liquid, locale, textVars));
            }
        }

        List<Map<String, Object>> ctas = ctas(compiled, vars, locale, data.account(), links);
        vars.put("ctas", ctas);

        List<Map<String, Object>> scenes = scenes(compiled, vars, locale, data, links);
        vars.put("scenes", scenes);

        String page = liquid.render(program.pageFile() == null ? "hub page" : program.pageFile(), compiled.page(), vars);
        String subject = (step == null ? compiled.subject() : step.subject()).render(liquid, locale, vars).strip().replaceAll("[\\r\\n]+", " ");
        if (subject.isEmpty()) {
            // SES refuses an empty subject; the program's name is a truthful fallback.
            subject = program.name();
        }
        vars.put("hub", Map.of("url", links.open(hubUrl == null ? "" : hubUrl)));
        String html = step == null ? liquid.render(program.emailHtmlFile(), compiled.html(), vars)
                : liquid.render(step.spec().emailHtmlFile(), step.html(), vars);
        Map<String, Object> textVars = new HashMap<>(vars);
        textVars.put("snippets", textSnippets);
        String text = step == null ? liquid.render(program.emailTextFile(), compiled.text(), textVars)
                : liquid.render(step.spec().emailTextFile(), step.text(), textVars);
        return new RenderedMessage(page, subject, html, text, scenes.stream().map(s -> (String) s.get("id")).toList(),
                ctas.stream().map(c -> (String) c.get("id")).toList());
    }

    private static boolean holds(Condition condition, Map<String, Object> vars) {
        try {
            return condition == null || condition.holds(vars);
        } catch (Condition.EvaluationException e) {
            throw new LiquidEngine.RenderException(e.getMessage(), e);
        }
    }

    private List<Map<String, Object>> ctas(CompiledProgram compiled, Map<String, Object> vars, String locale,
                                           Map<String, Object> account, TrackedLinks links) {
        Map<CtaSpec, CompiledProgram.Cta> byId = new LinkedHashMap<>();
        for (CompiledProgram.Cta cta : compiled.ctas()) {
            if (holds(cta.when(), vars)) {
                byId.put(cta.spec(), cta);
            }
        }
        Object products = account.get("products");
        List<Map<String, Object>> shown = new ArrayList<>();
        for (CtaSpec spec : CtaSelection.select(List.copyOf(byId.keySet()),
                products instanceof List<?> list ? list : List.of())) {
            CompiledProgram.Cta cta = byId.get(spec);
            Map<String, Object> item = new HashMap<>();
            item.put("id", spec.id());
            item.put("kind", spec.kind());
            item.put("label", new SafeHtml(cta.label().render(liquid, locale, vars)));
            if (cta.description() != null) {
                item.put("description", new SafeHtml(cta.description().render(liquid, locale, vars)));
            }
            item.put("link", links.click(spec.id(),
                    LiquidEngine.safeUrl(liquid.render("ctas." + spec.id() + ".link", cta.link(), vars))));
            shown.add(item);
        }
        return shown;
    }

    /** The visible top-level scenes, each with its html; scenes named by a navigation path render inside it. */
    private List<Map<String, Object>> scenes(CompiledProgram compiled, Map<String, Object> vars, String locale,
                                             FieldData data, TrackedLinks links) {
        Set<String> inPaths = new HashSet<>();
        compiled.scenes().forEach(s -> s.spec().paths().forEach(p -> inPaths.addAll(p.scenes())));
        Map<String, CompiledProgram.Scene> byId = new HashMap<>();
        compiled.scenes().forEach(s -> byId.put(s.spec().id(), s));

        List<Map<String, Object>> visible = new ArrayList<>();
        List<CompiledProgram.Scene> sources = new ArrayList<>();
        for (CompiledProgram.Scene scene : compiled.scenes()) {
            if (inPaths.contains(scene.spec().id())) {
                continue;
            }
            Map<String, Object> model = sceneModel(compiled, scene, scene.spec().id(), vars, locale, data, links);
            if (model == null) {
                continue;
            }
            if (scene.spec().type().equals("navigation")) {
                List<Map<String, Object>> paths = paths(compiled, scene, byId, vars, locale, data, links);
                if (paths.isEmpty()) {
                    continue;
                }
                model.put("paths", paths);
            }
            visible.add(model);
            sources.add(scene);
        }
        List<Map<String, Object>> agenda = visible.stream().filter(s -> s.get("title") != null && !"intro".equals(s.get("type")))
                .map(s -> Map.of("title", s.get("title"), "anchor", s.get("anchor"))).toList();
        for (int i = 0; i < visible.size(); i++) {
            Map<String, Object> model = visible.get(i);
            if ("intro".equals(model.get("type"))) {
                model.put("agenda", agenda);
            }
            model.put("html", renderScene(sources.get(i), model, vars));
        }
        return visible;
    }

    private List<Map<String, Object>> paths(CompiledProgram compiled, CompiledProgram.Scene navigation, Map<String, CompiledProgram.Scene> byId,
                                            Map<String, Object> vars, String locale, FieldData data,
                                            TrackedLinks links) {
        List<Map<String, Object>> paths = new ArrayList<>();
        List<SceneSpec.Path> specs = navigation.spec().paths();
        for (int p = 0; p < specs.size(); p++) {
            SceneSpec.Path path = specs.get(p);
            List<Map<String, Object>> scenes = new ArrayList<>();
            for (String id : path.scenes()) {
                CompiledProgram.Scene scene = byId.get(id);
                Map<String, Object> model = sceneModel(compiled, scene, path.id() + "--" + id, vars, locale, data, links);
                if (model != null) {
                    model.put("html", renderScene(scene, model, vars));
                    scenes.add(model);
                }
            }
            if (!scenes.isEmpty()) {
                paths.add(Map.of("id", path.id(), "anchor", "path-" + path.id(), "scenes", scenes,
                        "label", new SafeHtml(navigation.pathLabels().get(p).render(liquid, locale, vars))));
            }
        }
        return paths;
    }

    private SafeHtml renderScene(CompiledProgram.Scene scene, Map<String, Object> model, Map<String, Object> vars) {
        Map<String, Object> sceneVars = new HashMap<>(vars);
        sceneVars.put("scene", model);
        String file = scene.spec().template() == null ? "built-in " + scene.spec().type() + ".liquid" : scene.spec().template();
        return new SafeHtml(liquid.render(file, scene.template(), sceneVars));
    }

    /** What a scene's template sees as {@code scene}; null when its condition fails or its data is missing. */
    private Map<String, Object> sceneModel(CompiledProgram compiled, CompiledProgram.Scene scene, String anchor, Map<String, Object> vars,
                                           String locale, FieldData data, TrackedLinks links) {
        SceneSpec spec = scene.spec();
        if (!holds(scene.when(), vars)) {
            return null;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("id", spec.id());
        model.put("type", spec.type());
        model.put("anchor", anchor);
        if (scene.title() != null) {
            model.put("title", new SafeHtml(scene.title().render(liquid, locale, vars)));
        }
        if (scene.narration() != null) {
            model.put("narration", new SafeHtml(scene.narration().render(liquid, locale, vars)));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) vars.get("fields");
        Object value = spec.field() == null ? null : fields.get(spec.field());
        Locale javaLocale = LocaleFormat.locale(locale);
        Map<String, Object> account = data.account();
        switch (spec.type()) {
            case "metric" -> {
                if (value == null) {
                    return null;
                }
                model.put("value", value);
                model.put("format", spec.format() == null ? "number" : spec.format());
            }
            case "bar_chart", "line_chart" -> {
                if (!(value instanceof List<?> history) || history.size() < 2) {
                    return null;
                }
                List<Charts.Point> points = new ArrayList<>();
                DateTimeFormatter label = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(javaLocale);
                for (Object item : history) {
                    Map<?, ?> point = (Map<?, ?>) item;
                    points.add(new Charts.Point(LocalDate.parse(point.get("date").toString()).format(label),
                            ((Number) point.get("value")).doubleValue()));
                }
                java.util.function.DoubleFunction<String> format = v -> LocaleFormat.number(v, javaLocale, 1);
                String svg = spec.type().equals("bar_chart")
                        ? Charts.bar(anchor + "-chart", anchor + "-h", points, format)
                        : Charts.line(anchor + "-chart", anchor + "-h", points, format);
                model.put("svg", new SafeHtml(svg));
                model.put("summary", Charts.describe(points, format));
                model.put("points", history);
            }
            case "benchmark", "support_usage" -> {
                Object reference = fields.get(spec.reference());
                if (!(value instanceof Number you) || !(reference instanceof Number ref)) {
                    return null;
                }
                Comparison comparison = Comparison.of(field(compiled, spec.field()), field(compiled, spec.reference()),
                        data.accountSeries());
                if (comparison == null) {
                    // The contact has no figure of its own; the account's is no match for their teammates'.
                    return null;
                }
                Benchmark benchmark = Benchmark.compare(you.doubleValue(), ref.doubleValue());
                model.put("subject", comparison.subject());
                model.put("peers", comparison.peers());
                model.put("you", value);
                model.put("reference", reference);
                model.put("band", benchmark.band().id());
                model.put("format", spec.format() == null ? "number" : spec.format());
                if (Double.isFinite(benchmark.ratio())) {
                    model.put("difference", benchmark.ratio() - 1);
                }
                if (spec.type().equals("support_usage")) {
                    List<Charts.Point> bars = List.of(
                            new Charts.Point(comparison.subject().equals("account") ? "Your account" : "You", you.doubleValue()),
                            new Charts.Point(comparison.peers() == null ? "Peers" : capitalize(comparison.peers()),
                                    ref.doubleValue()));
                    java.util.function.DoubleFunction<String> format = v -> LocaleFormat.number(v, javaLocale, 1);
                    model.put("svg", new SafeHtml(Charts.bar(anchor + "-chart", anchor + "-h", bars, format)));
                    model.put("summary", Charts.describe(bars, format));
                }
            }
            case "relationship" -> {
                Map<String, Object> relationship = Relationship.model(data.npsAnswers(),
                        (String) data.contact().get("contact_id"), data.today(), javaLocale, anchor,
                        v -> LocaleFormat.number(v, javaLocale, 1));
                if (relationship == null) {
                    return null;
                }
                relationship.put("svg", new SafeHtml((String) relationship.get("svg")));
                model.putAll(relationship);
            }
            case "leaderboard" -> {
                if (value == null) {
                    return null;
                }
                model.put("board", value);
            }
            case "license_utilization" -> {
                Number used = account.get("licenses_used") instanceof Number n ? n : null;
                Number purchased = account.get("licenses_purchased") instanceof Number n ? n : null;
                if (used == null || purchased == null || purchased.doubleValue() <= 0) {
                    return null;
                }
                double ratio = used.doubleValue() / purchased.doubleValue();
                model.put("used", used);
                model.put("purchased", purchased);
                model.put("ratio", ratio);
                model.put("percent_width", Math.min(100, Math.round(ratio * 100)));
                model.put("band", ratio < 0.5 ? "low" : ratio >= 0.9 ? "full" : "healthy");
            }
            case "renewal" -> {
                Object date = account.get("renewal_date");
                LocalDate renewal;
                try {
                    renewal = date == null ? null : LocalDate.parse(date.toString());
                } catch (java.time.format.DateTimeParseException e) {
                    renewal = null;
                }
                if (renewal == null) {
                    return null;
                }
                model.put("date", renewal.toString());
                model.put("days", ChronoUnit.DAYS.between(data.today(), renewal));
                model.put("billing_period", account.get("billing_period"));
            }
            case "recommendations" -> {
                if (((List<?>) vars.get("ctas")).isEmpty()) {
                    return null;
                }
            }
            case "poll" -> {
                model.put("question", new SafeHtml(scene.question().render(liquid, locale, vars)));
                model.put("scale", spec.scale());
                PollKind kind = PollKind.of(spec.scale()).orElseThrow(); // The parser accepts known scales only.
                List<Integer> options = IntStream.rangeClosed(kind.min(), kind.max()).boxed().toList();
                model.put("options", options);
                // The poll instance is the scene in this run: its id, not its anchor inside a navigation path.
                model.put("answer_links", options.stream().map(score -> Map.<String, Object>of("score", score,
                        "url", links.pollAnswer(spec.id(), kind, score))).toList());
                model.put("form_url", links.pollForm(spec.id(), kind));
            }
            case "success_plan" -> {
                if (data.plan() == null) {
                    return null;
                }
                model.putAll(PlanScenes.successPlan(data.plan(), data.contact(), data.today(),
                        task -> links.completeTask(data.plan().id(), task)));
            }
            case SceneSpec.ONBOARDING_METRICS -> {
                if (data.onboarding() == null || data.onboarding().stream().allMatch(m -> m.value() == null)) {
                    return null;
                }
                model.putAll(PlanScenes.onboardingMetrics(data.onboarding(), anchor, javaLocale));
            }
            case "executive_summary" -> {
                if (data.plan() == null) {
                    return null;
                }
                model.putAll(PlanScenes.executiveSummary(data.plan(), data.today()));
            }
            default -> {
                // intro, editorial and navigation need nothing beyond title and narration here.
            }
        }
        return model;
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static FieldSpec field(CompiledProgram compiled, String name) {
        return compiled.program().fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }
}
