package dev.cairn.program;

import java.util.List;
import java.util.Map;

/**
 * One version of a program as its author wrote it: the YAML's settings and the Liquid files beside it.
 * See docs/programs.md for the format.
 */
public record Program(
        String id,
        int version,
        String name,
        String trigger,
        List<String> segments,
        List<String> roles,
        String audienceWhen,
        String pageFile,
        String emailSubject,
        String emailHtmlFile,
        String emailTextFile,
        String yaml,
        Map<String, String> files) {

    public static final String PROGRAM_FILE = "program.yaml";
}
