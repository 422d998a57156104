package dev.cairn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figure 5b: the deployment size of each function — its jar and runtime dependency jars, which is what `sam build`
 * puts in .aws-sam/build/&lt;Function&gt; (jars are already compressed, so the zip is about as large) — beside the
 * 15 MB target, the largest jars and their Maven groups, and whether an HTTP client other than URLConnection came in.
 */
final class PackageSizeFigure {

    static final long TARGET_BYTES = 15_000_000;
    /** Jar names of HTTP clients that must never be packaged: Netty, Apache (4 and 5), the AWS CRT. */
    static final List<String> FORBIDDEN = List.of("netty", "apache-client", "apache5-client", "httpclient",
            "httpcore", "aws-crt");
    /** The SDK service client jars Cairn uses; each function should package only those it calls. */
    static final List<String> SERVICE_MODULES = List.of("dynamodb", "sqs", "s3", "sesv2");

    private PackageSizeFigure() {
    }

    static String measure(Path root, List<LambdaFunction> functions) throws IOException {
        StringBuilder out = new StringBuilder("## 5b. Deployment size per function\n\n")
                .append("The function's jar plus its runtime dependencies (what `sam build` packages). MB = 10^6 bytes. ")
                .append("Target: under 15 MB, with no Netty, Apache HTTP client or AWS CRT client inside.\n\n")
                .append("| Function | jars | size | vs 15 MB target | SDK service modules | Netty / Apache / CRT client jars |\n")
                .append("|---|---:|---:|---:|---|---|\n");
        Map<String, Long> jarSizes = new TreeMap<>();
        Map<String, Long> groupSizes = new TreeMap<>();
        Map<String, String> groupOfJar = new TreeMap<>();
        for (LambdaFunction function : functions) {
            long total = 0;
            List<String> forbidden = new ArrayList<>();
            List<String> services = new ArrayList<>();
            for (Path jar : function.packageJars()) {
                long size = Files.size(jar);
                total += size;
                String name = jar.getFileName().toString();
                jarSizes.put(name, size);
                groupOfJar.put(name, mavenGroup(jar));
                if (SERVICE_MODULES.stream().anyMatch(module -> name.startsWith(module + "-"))) {
                    services.add(name.substring(0, name.lastIndexOf('-')));
                }
                if (FORBIDDEN.stream().anyMatch(name.toLowerCase(Locale.ROOT)::contains)) {
                    forbidden.add(name);
                }
            }
            out.append(String.format("| %s | %d | %s | %.2f× | %s | %s |%n", function.logicalId(),
                    function.packageJars().size(), megabytes(total), (double) total / TARGET_BYTES,
                    String.join(", ", services), forbidden.isEmpty() ? "none" : String.join(", ", forbidden)));
        }
        jarSizes.forEach((jar, size) -> groupSizes.merge(groupOfJar.get(jar), size, Long::sum));

        out.append("\nLargest jars (of all functions):\n\n| Jar | size |\n|---|---:|\n");
        jarSizes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> out.append("| ").append(e.getKey()).append(" | ").append(megabytes(e.getValue())).append(" |\n"));
        out.append("\nBy Maven group:\n\n| Group | size |\n|---|---:|\n");
        Map<String, Long> byGroup = new LinkedHashMap<>();
        groupSizes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byGroup.put(e.getKey(), e.getValue()));
        byGroup.forEach((group, size) -> out.append("| ").append(group).append(" | ").append(megabytes(size)).append(" |\n"));
        out.append('\n');
        return out.toString();
    }

    /** The groupId of a jar in the local Maven repository (…/repository/com/example/artifact/1.0/x.jar). */
    private static String mavenGroup(Path jar) {
        List<String> parts = new ArrayList<>();
        jar.forEach(p -> parts.add(p.toString()));
        int repository = parts.lastIndexOf("repository");
        if (repository < 0 || parts.size() - repository < 5) {
            return "dev.cairn (this repository)";
        }
        return String.join(".", parts.subList(repository + 1, parts.size() - 3));
    }

    private static String megabytes(long bytes) {
        return String.format("%.2f MB", bytes / 1e6);
    }
}
