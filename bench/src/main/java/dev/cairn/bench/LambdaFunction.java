package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.local.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A function of template.yaml with what `sam build` would package for it: the jar of its module (CodeUri) and that
 * module's runtime dependencies, as `make bench` lists them in target/runtime-classpath.txt.
 */
record LambdaFunction(String logicalId, String handlerClass, Path folder, Map<String, JsonNode> environment,
                      List<Path> packageJars) {

    static List<LambdaFunction> all(Path root, Template template) {
        Map<String, JsonNode> resources = template.resourcesOfType("AWS::Serverless::Function");
        List<LambdaFunction> functions = new ArrayList<>();
        for (Template.Function function : template.functions()) {
            Path folder = root.resolve(resources.get(function.logicalId()).path("CodeUri").asText());
            functions.add(new LambdaFunction(function.logicalId(), function.handlerClass(), folder,
                    function.environment(), packageJars(folder)));
        }
        return functions;
    }

    String classpath() {
        return String.join(java.io.File.pathSeparator, packageJars.stream().map(Path::toString).toList());
    }

    /** The sample event of events/ named after the function's folder (events/render-*.json for functions/render). */
    Path sampleEvent(Path root) throws IOException {
        String prefix = folder.getFileName() + "-";
        try (Stream<Path> events = Files.list(root.resolve("events"))) {
            return events.filter(e -> e.getFileName().toString().startsWith(prefix)).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no sample event events/" + prefix + "*.json"));
        }
    }

    private static List<Path> packageJars(Path folder) {
        Path target = folder.resolve("target");
        Path classpathFile = target.resolve("runtime-classpath.txt");
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> built = Files.list(target)) {
            built.filter(f -> f.toString().endsWith(".jar") && !f.toString().endsWith("-sources.jar")
                    && !f.toString().endsWith("-tests.jar")).forEach(jars::add);
            for (String entry : Files.readString(classpathFile).strip().split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    jars.add(Path.of(entry));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("build " + folder + " and list its runtime classpath in " + classpathFile
                    + " first (make bench does both)", e);
        }
        return jars;
    }
}
