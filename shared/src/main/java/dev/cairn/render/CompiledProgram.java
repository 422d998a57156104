package dev.cairn.render;

import dev.cairn.program.Condition;
import dev.cairn.program.CtaSpec;
import dev.cairn.program.Program;
import dev.cairn.program.ProgramValidationException;
import dev.cairn.program.SceneSpec;
import dev.cairn.program.SnippetSpec;
import dev.cairn.program.StepSpec;
import dev.cairn.program.YamlLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A program version with every template and condition parsed once, ready to render for many contacts. Built-in
 * scene templates are compiled into each program rather than shared, because a LiquidTemplate must not be rendered
 * from two threads at once. {@code page} is Cairn's built-in hub layout when the program names no page file.
 */
public record CompiledProgram(Program program, LiquidTemplate page, LocalizedTemplate subject, LiquidTemplate html,
                              LiquidTemplate text, Condition audience, List<Snippet> snippets, List<Scene> scenes,
                              List<Cta> ctas, List<Step> steps) {

    /** Where Cairn's own templates are, on the classpath: one per scene type, and the hub page layout. */
    static final String BUILT_IN = "/dev/cairn/render/scenes/";
    static final String HUB_LAYOUT = "hub";

    public record Snippet(SnippetSpec spec, Condition when, LocalizedTemplate html, LocalizedTemplate text) {
    }

    public record Scene(SceneSpec spec, Condition when, LocalizedTemplate title, LocalizedTemplate narration,
                        LocalizedTemplate question, List<LocalizedTemplate> pathLabels, LiquidTemplate template) {
    }

    public record Cta(CtaSpec spec, Condition when, LocalizedTemplate label, LocalizedTemplate description,
                      LiquidTemplate link) {
    }

    /** A sequence step's own email. */
    public record Step(StepSpec spec, LocalizedTemplate subject, LiquidTemplate html, LiquidTemplate text) {
    }

    /** The step's compiled email; empty for the main send, which is the program's own email, and unknown ids. */
    public java.util.Optional<Step> step(String id) {
        return steps.stream().filter(s -> s.spec().id().equals(id)).findFirst();
    }

    public static CompiledProgram compile(Program program, LiquidEngine liquid) {
        List<String> problems = new ArrayList<>();
        Compiler c = new Compiler(liquid, program.lines(), problems);
        LiquidTemplate page = program.pageFile() == null
                ? c.builtIn(HUB_LAYOUT)
                : c.html(program.pageFile(), program.files().get(program.pageFile()));
        LocalizedTemplate subject = LocalizedTemplate.compile(c.inline("/email/subject", "email.subject"),
                program.emailSubject(), liquid::compileText, problems);
        LiquidTemplate html = c.html(program.emailHtmlFile(), program.files().get(program.emailHtmlFile()));
        LiquidTemplate text = c.text(program.emailTextFile(), program.files().get(program.emailTextFile()));
        Condition audience = c.condition("/audience/when", "audience.when", program.audienceWhen());

        List<Snippet> snippets = new ArrayList<>();
        for (SnippetSpec s : program.snippets()) {
            String at = "/snippets/" + s.name();
            String label = "snippets." + s.name();
            snippets.add(new Snippet(s, c.condition(at + "/when", label + ".when", s.when()),
                    LocalizedTemplate.compile(c.inline(at + "/text", label + ".text"), s.text(), liquid::compile, problems),
                    LocalizedTemplate.compile(c.inline(at + "/text", label + ".text"), s.text(), liquid::compileText,
                            problems)));
        }
        List<Scene> scenes = new ArrayList<>();
        for (int i = 0; i < program.scenes().size(); i++) {
            SceneSpec s = program.scenes().get(i);
            String at = "/scenes/" + i;
            String label = "scenes." + s.id();
            List<LocalizedTemplate> pathLabels = new ArrayList<>();
            for (int p = 0; p < s.paths().size(); p++) {
                pathLabels.add(LocalizedTemplate.compile(c.inline(at + "/paths/" + p + "/label", label + ".paths."
                        + s.paths().get(p).id()), s.paths().get(p).label(), liquid::compile, problems));
            }
            scenes.add(new Scene(s, c.condition(at + "/when", label + ".when", s.when()),
                    LocalizedTemplate.compile(c.inline(at + "/title", label + ".title"), s.title(), liquid::compile, problems),
                    LocalizedTemplate.compile(c.inline(at + "/narration", label + ".narration"), s.narration(),
                            liquid::compile, problems),
                    LocalizedTemplate.compile(c.inline(at + "/question", label + ".question"), s.question(),
                            liquid::compile, problems),
                    pathLabels,
                    s.template() == null ? c.builtIn(s.type()) : c.html(s.template(), program.files().get(s.template()))));
        }
        List<Cta> ctas = new ArrayList<>();
        for (int i = 0; i < program.ctas().size(); i++) {
            CtaSpec s = program.ctas().get(i);
            String at = "/ctas/" + i;
            String label = "ctas." + s.id();
            ctas.add(new Cta(s, c.condition(at + "/when", label + ".when", s.when()),
                    LocalizedTemplate.compile(c.inline(at + "/label", label + ".label"), s.label(), liquid::compile, problems),
                    LocalizedTemplate.compile(c.inline(at + "/description", label + ".description"), s.description(),
                            liquid::compile, problems),
                    c.text(c.inline(at + "/link", label + ".link"), s.link())));
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < program.steps().size(); i++) {
            StepSpec s = program.steps().get(i);
            steps.add(new Step(s, LocalizedTemplate.compile(c.inline("/steps/" + i + "/email/subject",
                    "steps." + s.id() + ".email.subject"), s.emailSubject(), liquid::compileText, problems),
                    c.html(s.emailHtmlFile(), program.files().get(s.emailHtmlFile())),
                    c.text(s.emailTextFile(), program.files().get(s.emailTextFile()))));
        }
        if (!problems.isEmpty()) {
            throw new ProgramValidationException(problems);
        }
        return new CompiledProgram(program, page, subject, html, text, audience, List.copyOf(snippets),
                List.copyOf(scenes), List.copyOf(ctas), List.copyOf(steps));
    }

    /** Compiles while collecting every problem, each labelled with its file, or its line of program.yaml. */
    private record Compiler(LiquidEngine liquid, YamlLines lines, List<String> problems) {

        /** "program.yaml:12 (scenes.usage.title)": liqp then appends the line and column within the text. */
        String inline(String pointer, String key) {
            return lines.at(pointer) + " (" + key + ")";
        }

        LiquidTemplate html(String file, String source) {
            try {
                return liquid.compile(file, source);
            } catch (LiquidEngine.TemplateSyntaxException e) {
                problems.add(e.getMessage());
                return null;
            }
        }

        LiquidTemplate text(String file, String source) {
            try {
                return liquid.compileText(file, source);
            } catch (LiquidEngine.TemplateSyntaxException e) {
                problems.add(e.getMessage());
                return null;
            }
        }

        Condition condition(String pointer, String key, String condition) {
            return Condition.at(lines, pointer, key, condition, problems);
        }

        /** Cairn's own templates are tested; one that does not compile is a bug in Cairn, not in the program. */
        LiquidTemplate builtIn(String name) {
            String resource = BUILT_IN + name + ".liquid";
            try (InputStream in = CompiledProgram.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing built-in template " + resource);
                }
                return liquid.compile("built-in " + name + ".liquid", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
