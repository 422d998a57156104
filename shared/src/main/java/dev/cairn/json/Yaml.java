package dev.cairn.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The YAML mapper for programs and plan templates, apart from {@link Json} so that a function that reads no YAML
 * (every request but a program upload in ingest-api; deliver, import-csv) does not load SnakeYAML when it starts.
 */
public final class Yaml {

    /** Duplicate keys in a program are an author's mistake, not a silent "last one wins". */
    public static final YAMLMapper MAPPER = (YAMLMapper) new YAMLMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Yaml() {
    }

    /** An author's view of a YAML syntax error: "file:line: YAML does not parse: " and the first line of the reason. */
    public static String syntaxProblem(String file, JsonProcessingException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String reason = e.getOriginalMessage();
        int newline = reason.indexOf('\n');
        return file + ":" + line + ": YAML does not parse: " + (newline < 0 ? reason : reason.substring(0, newline));
    }
}
