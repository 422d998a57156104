package dev.cairn.program;

import java.util.List;
import java.util.Map;

/**
 * One version of a program as its author wrote it: the YAML's settings and the Liquid files beside it.
 * See docs/programs.md for the format. {@code pageFile} is null when the page is Cairn's built-in layout of the
 * program's scenes. {@code category} groups programs for unsubscribing ("stop emails about onboarding"); it is the
 * program's id unless program.yaml names one.
 * {@code steps} are the sequence's steps besides the main send (empty: the main send alone). {@code lines} are the
 * lines of program.yaml's nodes, for naming where a template that fails to compile or render was written.
 */
public record Program(
        String id,
        int version,
        String name,
        TriggerSpec trigger,
        ScheduleSpec schedule,
        int cooldownDays,
        SendWindow sendWindow,
        List<String> segments,
        List<String> roles,
        String audienceWhen,
        String pageFile,
        Localized emailSubject,
        String emailHtmlFile,
        String emailTextFile,
        List<FieldSpec> fields,
        List<SnippetSpec> snippets,
        List<SceneSpec> scenes,
        List<CtaSpec> ctas,
        String yaml,
        Map<String, String> files,
        String category,
        List<StepSpec> steps,
        YamlLines lines) {

    public static final String PROGRAM_FILE = "program.yaml";
}
