package dev.cairn.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cairn.json.Json;
import dev.cairn.json.Yaml;
import dev.cairn.program.Program;
import dev.cairn.render.CompiledProgram;
import dev.cairn.render.LiquidEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figure 1: full hub pages rendered per second on one core by Cairn's LiquidEngine, beside LiquidJS rendering the
 * same page template with the same render models in the same run. Each engine runs in its own process pinned to
 * one CPU: a warm-up, then timed rounds; the figure is the median round.
 */
final class RenderFigure {

    static final double WARM_UP_SECONDS = 5;
    static final int ROUNDS = 10;
    static final double ROUND_SECONDS = 1;

    private static final TypeReference<Map<String, List<Double>>> ROUNDS_JSON = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> PAGES_JSON = new TypeReference<>() {
    };

    private record Engine(String name, List<String> command, Path pages) {
    }

    private RenderFigure() {
    }

    /**
     * examples/programs/qbr, the quarterly review, when it exists and has a page template; else
     * examples/programs/welcome. A page composed from scenes by Cairn has no single Liquid source LiquidJS could render.
     */
    static Path defaultProgram(Path root) throws IOException {
        Path qbr = root.resolve("examples/programs/qbr");
        return hasPageTemplate(qbr) ? qbr : root.resolve("examples/programs/welcome");
    }

    private static boolean hasPageTemplate(Path programFolder) throws IOException {
        Path yaml = programFolder.resolve(Program.PROGRAM_FILE);
        return Files.isRegularFile(yaml) && Yaml.MAPPER.readTree(yaml.toFile()).hasNonNull("page");
    }

    static String measure(Path root, Path programFolder, String lambdaJvmFlags, Path work) throws IOException {
        if (!hasPageTemplate(programFolder)) {
            throw new IllegalArgumentException(programFolder + " has no page template (program.yaml `page:`): its page is"
                    + " composed from scenes, so there is no single Liquid source for LiquidJS to render");
        }
        Path dataFolder = root.resolve("examples/data");
        CompiledProgram compiled = RenderInputs.program(programFolder, new LiquidEngine());
        Program program = compiled.program();
        List<RenderInputs.Recipient> recipients = RenderInputs.recipients(dataFolder);
        Path models = work.resolve("render-models.json");
        Files.writeString(models, Json.write(recipients.stream().map(r -> RenderInputs.variables(r, program)).toList()));

        List<String> timing = List.of(Double.toString(WARM_UP_SECONDS), Integer.toString(ROUNDS), Double.toString(ROUND_SECONDS));
        List<Engine> engines = new ArrayList<>();
        for (String[] jvm : new String[][] {
                {"Cairn LiquidEngine, Lambda's JVM flags (" + lambdaJvmFlags + ")", "c1", lambdaJvmFlags},
                {"Cairn LiquidEngine, default JIT (C2)", "c2", ""}}) {
            Path pages = work.resolve("pages-cairn-" + jvm[1] + ".json");
            List<String> command = new ArrayList<>(List.of(Processes.java()));
            if (!jvm[2].isEmpty()) {
                command.addAll(List.of(jvm[2].split(" ")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), RenderThroughput.class.getName(),
                    programFolder.toString(), dataFolder.toString(), pages.toString()));
            command.addAll(timing);
            engines.add(new Engine(jvm[0], command, pages));
        }
        Path liquidJsPages = work.resolve("pages-liquidjs.json");
        List<String> node = new ArrayList<>(List.of("node", root.resolve("bench/liquidjs/render.mjs").toString(),
                programFolder.resolve(program.pageFile()).toString(), models.toString(), liquidJsPages.toString()));
        node.addAll(timing);
        Engine liquidJs = new Engine("LiquidJS " + liquidJsVersion(root) + " on node " + nodeVersion()
                + ", outputEscape: 'escape', renderSync", node, liquidJsPages);
        engines.add(liquidJs);

        Map<Engine, Double> medians = new java.util.LinkedHashMap<>();
        Map<Engine, List<Double>> allRounds = new java.util.LinkedHashMap<>();
        for (Engine engine : engines) {
            Processes.Run run = Processes.run(Processes.onOneCore(engine.command()), Map.of(), work.resolve("render.log"));
            List<Double> rounds = Json.MAPPER.readValue(run.stdout(), ROUNDS_JSON).get("pagesPerSecond");
            allRounds.put(engine, rounds);
            medians.put(engine, Stats.median(rounds));
        }

        double reference = medians.get(liquidJs);
        StringBuilder out = new StringBuilder();
        out.append("## 1. Render: full hub pages per second per core\n\n")
                .append("Program `").append(root.relativize(programFolder.toAbsolutePath().normalize())).append("`, page `")
                .append(program.pageFile()).append("`, ").append(recipients.size())
                .append(" sample contacts of examples/data rendered in turn")
                .append(hasPageTemplate(root.resolve("examples/programs/qbr")) || !Files.isDirectory(root.resolve("examples/programs/qbr"))
                        ? "" : " (examples/programs/qbr is composed from scenes, without a page template: not rendered here)")
                .append(". Each engine in its own process")
                .append(Processes.TASKSET_AVAILABLE ? ", pinned to one CPU with taskset" : " (taskset not found: not pinned)")
                .append("; ").append((int) WARM_UP_SECONDS).append(" s warm-up, then ").append(ROUNDS).append(" rounds of ")
                .append((int) ROUND_SECONDS).append(" s. Target: Cairn at least as fast as LiquidJS.\n\n")
                .append("| Engine | pages/s (median) | min – max of rounds | vs LiquidJS |\n|---|---:|---:|---:|\n");
        medians.forEach((engine, median) -> out.append(String.format("| %s | %,.0f | %,.0f – %,.0f | %.2f× |%n",
                engine.name(), median, Stats.min(allRounds.get(engine)), Stats.max(allRounds.get(engine)), median / reference)));
        out.append('\n').append(compareOutputs(engines.get(0).pages(), liquidJsPages)).append("\n\n");
        return out.toString();
    }

    /** Whether both engines produced the same HTML, so that the comparison is of the same work. */
    private static String compareOutputs(Path cairnPages, Path liquidJsPages) throws IOException {
        List<String> cairn = Json.MAPPER.readValue(cairnPages.toFile(), PAGES_JSON);
        List<String> liquidJs = Json.MAPPER.readValue(liquidJsPages.toFile(), PAGES_JSON);
        int identical = 0;
        String firstDifference = null;
        for (int i = 0; i < cairn.size(); i++) {
            if (cairn.get(i).equals(liquidJs.get(i))) {
                identical++;
            } else if (firstDifference == null) {
                firstDifference = firstDifferentLine(i, cairn.get(i), liquidJs.get(i));
            }
        }
        String summary = "Same output: " + identical + " of " + cairn.size() + " pages byte-identical between Cairn and LiquidJS.";
        return firstDifference == null ? summary : summary + " First difference: " + firstDifference;
    }

    private static String firstDifferentLine(int page, String cairn, String liquidJs) {
        String[] a = cairn.split("\n", -1);
        String[] b = liquidJs.split("\n", -1);
        for (int line = 0; line < Math.max(a.length, b.length); line++) {
            String left = line < a.length ? a[line].strip() : "(end)";
            String right = line < b.length ? b[line].strip() : "(end)";
            if (!left.equals(right)) {
                return "page " + (page + 1) + ", line " + (line + 1) + ": Cairn `" + abbreviate(left) + "`, LiquidJS `"
                        + abbreviate(right) + "`.";
            }
        }
        return "page " + (page + 1) + ": whitespace only.";
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    private static String liquidJsVersion(Path root) throws IOException {
        return Json.MAPPER.readTree(root.resolve("bench/liquidjs/node_modules/liquidjs/package.json").toFile())
                .path("version").asText();
    }

    private static String nodeVersion() {
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "cairn-bench-node-version.log");
        return Processes.run(List.of("node", "--version"), Map.of(), log).stdout().strip();
    }
}
