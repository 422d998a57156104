package dev.cairn.bench;

import dev.cairn.local.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code make bench}: measures each figure beside what it is compared against, in one run on one machine, prints the
 * report and writes it to bench/results/latest.md. Run from the repository root; the argument is the program folder
 * the render figure renders (default: see {@link RenderFigure#defaultProgram}).
 * Benchmarks measure; they assert nothing. See docs/performance.md.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path programFolder = args.length > 0 ? Path.of(args[0]).toAbsolutePath() : RenderFigure.defaultProgram(root);
        Path work = Files.createDirectories(root.resolve("bench/target/work"));
        Template template = Template.read(root.resolve("template.yaml"));
        String lambdaJvmFlags = template.root().path("Globals").path("Function").path("Environment").path("Variables")
                .path("JAVA_TOOL_OPTIONS").asText();

        StringBuilder report = new StringBuilder()
                .append("# Cairn benchmarks\n\n")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" · ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs · Java ")
                .append(System.getProperty("java.version")).append(" (Lambda runs Java 21 on arm64) · ")
                .append("shared, noisy machines: read the ratios, not the absolute times.\n\n");
        // BENCH_FIGURES (e.g. "pipeline" or "render,ingest") measures only those; unset, every figure.
        String chosen = System.getenv("BENCH_FIGURES");
        java.util.Set<String> only = chosen == null || chosen.isBlank() ? null : java.util.Set.of(chosen.split("\\s*,\\s*"));
        section(report, only, "render", "render", () -> RenderFigure.measure(root, programFolder, lambdaJvmFlags, work));
        section(report, only, "ingest", "ingest", () -> IngestFigure.measure(root, template, lambdaJvmFlags, work));
        section(report, only, "size", "deployment size",
                () -> PackageSizeFigure.measure(root, LambdaFunction.all(root, template)));
        section(report, only, "coldstart", "cold start and priming",
                () -> ColdStartFigure.measure(root, template, LambdaFunction.all(root, template), work));
        section(report, only, "pipeline", "pipeline: requests, cost, contacts per second",
                () -> PipelineFigure.measure(root, template, work));

        Path results = Files.createDirectories(root.resolve("bench/results"));
        Files.writeString(results.resolve("latest.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("(written to " + root.relativize(results.resolve("latest.md")) + ")");
    }

    interface Figure {
        String measure() throws Exception;
    }

    /** Runs one figure, printing it as soon as it is measured; a figure that fails is reported, not hidden. */
    private static void section(StringBuilder report, java.util.Set<String> only, String key, String name, Figure figure) {
        if (only != null && !only.contains(key)) {
            return;
        }
        System.out.println("measuring " + name + " ...");
        String text;
        try {
            text = figure.measure();
        } catch (Exception e) {
            e.printStackTrace();
            text = "## " + name + ": not measured\n\n```\n" + e + "\n```\n\n";
        }
        System.out.print(text);
        report.append(text);
    }
}
