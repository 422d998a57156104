package dev.cairn.program;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code fields.<name>} and {@code snippets.<name>} in every template and condition of a program that name
 * nothing declared: in Liquid an unknown name is silently empty, so a typo would otherwise ship.
 */
final class References {

    private static final Pattern LIQUID_TAG = Pattern.compile("\\{\\{.*?}}|\\{%.*?%}", Pattern.DOTALL);
    private static final Pattern REFERENCE = Pattern.compile("(?<![\\w.])(fields|snippets)\\.([A-Za-z_][A-Za-z0-9_]*)");

    private final Set<String> fields = new HashSet<>();
    private final Set<String> snippets = new HashSet<>();
    private final List<String> problems;

    private References(Program program, List<String> problems) {
        program.fields().forEach(f -> fields.add(f.name()));
        program.snippets().forEach(s -> snippets.add(s.name()));
        this.problems = problems;
    }

    static void check(Program program, YamlLines lines, List<String> problems) {
        References check = new References(program, problems);
        Set<String> templateFiles = new java.util.LinkedHashSet<>();
        if (program.pageFile() != null) {
            templateFiles.add(program.pageFile());
        }
        templateFiles.add(program.emailHtmlFile());
        templateFiles.add(program.emailTextFile());
        program.scenes().stream().filter(s -> s.template() != null).forEach(s -> templateFiles.add(s.template()));
        program.steps().forEach(s -> templateFiles.addAll(List.of(s.emailHtmlFile(), s.emailTextFile())));
        templateFiles.remove(null);
        for (String file : templateFiles) {
            check.template(file, program.files().get(file), true);
        }
        check.condition(lines.at("/audience/when"), program.audienceWhen());
        check.localized(lines, "/email/subject", program.emailSubject());
        for (int i = 0; i < program.steps().size(); i++) {
            check.localized(lines, "/steps/" + i + "/email/subject", program.steps().get(i).emailSubject());
        }
        for (SnippetSpec snippet : program.snippets()) {
            String at = "/snippets/" + snippet.name();
            check.condition(lines.at(at + "/when"), snippet.when());
            check.localized(lines, at + "/text", snippet.text());
        }
        for (int i = 0; i < program.scenes().size(); i++) {
            SceneSpec scene = program.scenes().get(i);
            String at = "/scenes/" + i;
            check.condition(lines.at(at + "/when"), scene.when());
            check.localized(lines, at + "/title", scene.title());
            check.localized(lines, at + "/narration", scene.narration());
            check.localized(lines, at + "/question", scene.question());
            for (int p = 0; p < scene.paths().size(); p++) {
                check.localized(lines, at + "/paths/" + p + "/label", scene.paths().get(p).label());
            }
        }
        for (int i = 0; i < program.ctas().size(); i++) {
            CtaSpec cta = program.ctas().get(i);
            String at = "/ctas/" + i;
            check.condition(lines.at(at + "/when"), cta.when());
            check.localized(lines, at + "/label", cta.label());
            check.localized(lines, at + "/description", cta.description());
            check.template(lines.at(at + "/link"), cta.link(), false);
        }
    }

    private void localized(YamlLines lines, String pointer, Localized text) {
        if (text != null) {
            for (Map.Entry<String, String> variant : text.variants().entrySet()) {
                String at = text.variants().size() == 1 ? pointer : pointer + "/" + variant.getKey();
                template(lines.at(at), variant.getValue(), false);
            }
        }
    }

    /** {@code where} is a file name when {@code lineInSource}, else already "program.yaml:<line>". */
    private void template(String where, String source, boolean lineInSource) {
        if (source == null) {
            return;
        }
        Matcher tag = LIQUID_TAG.matcher(source);
        while (tag.find()) {
            String prefix = lineInSource ? where + ":" + lineOf(source, tag.start()) : where;
            names(prefix, tag.group());
        }
    }

    private void condition(String where, String condition) {
        if (condition != null) {
            names(where, condition);
        }
    }

    private void names(String where, String liquid) {
        Matcher reference = REFERENCE.matcher(liquid);
        while (reference.find()) {
            boolean field = reference.group(1).equals("fields");
            String name = reference.group(2);
            Set<String> declared = field ? fields : snippets;
            if (!declared.contains(name)) {
                problems.add(where + ": unknown " + (field ? "field" : "snippet") + " '" + name + "' (declared: "
                        + ContentParser.sorted(declared) + ")");
            }
        }
    }

    private static int lineOf(String source, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
