package dev.cairn.json;

import com.fasterxml.jackson.core.JsonParser;
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
}
