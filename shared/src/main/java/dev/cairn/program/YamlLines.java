package dev.cairn.program;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.json.Yaml;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of each node of a YAML document, by JSON pointer ({@code /scenes/2/type}), so that a problem found in
 * the parsed tree can name its line. Jackson's tree model keeps no locations; its streaming parser does.
 */
public final class YamlLines {

    private final Map<String, Integer> lines = new HashMap<>();
    private final String file;

    private YamlLines(String file) {
        this.file = file;
    }

    /** The lines of program.yaml as {@link #byPointer()} gave them, kept with a stored version: no YAML parser needed. */
    public static YamlLines stored(Map<String, Integer> byPointer) {
        YamlLines index = new YamlLines(Program.PROGRAM_FILE);
        index.lines.putAll(byPointer);
        return index;
    }

    /** Each node's line, by JSON pointer. */
    public Map<String, Integer> byPointer() {
        return Map.copyOf(lines);
    }

    /** Only called on YAML that already parsed into a tree. */
    public static YamlLines of(String yaml) {
        return of(yaml, Program.PROGRAM_FILE);
    }

    /** As {@link #of(String)}, naming lines of another file (a plan template). */
    public static YamlLines of(String yaml, String file) {
        YamlLines index = new YamlLines(file);
        try (JsonParser parser = Yaml.MAPPER.getFactory().createParser(yaml)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                index.lines.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(),
                        parser.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            throw new IllegalStateException("YAML that parsed as a tree failed to stream", e);
        }
        return index;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof YamlLines that && file.equals(that.file) && lines.equals(that.lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    /** "program.yaml:12" (or the file given) for the node at {@code pointer}, or the nearest enclosing node that has a line. */
    public String at(String pointer) {
        String p = pointer;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return file + ":" + line;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
        return file;
    }
}
