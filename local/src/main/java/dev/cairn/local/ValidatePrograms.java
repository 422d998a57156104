package dev.cairn.local;

import dev.cairn.program.Program;
import dev.cairn.program.ProgramParser;
import dev.cairn.program.ProgramValidationException;
import dev.cairn.render.CompiledProgram;
import dev.cairn.render.LiquidEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * `make validate`: checks a folder of programs offline, with the parser and compiler `PUT /v1/programs/{id}` uses,
 * and prints each problem as {@code <folder>/<file>:<line>: ...}. Each sub-folder holding a program.yaml is one
 * program whose id is the folder's name, as `make demo` uploads it. Exits 1 if any program has a problem.
 */
public final class ValidatePrograms {

    private ValidatePrograms() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length == 0 ? "examples/programs" : args[0]);
        System.exit(run(folder, System.out));
    }

    /** Validates every program under {@code folder} (or {@code folder} itself if it is one); 0 when all are valid. */
    public static int run(Path folder, PrintStream out) throws IOException {
        if (!Files.isDirectory(folder)) {
            out.println(folder + ": not a folder");
            return 1;
        }
        List<Path> programs = new ArrayList<>();
        if (Files.exists(folder.resolve("program.yaml"))) {
            programs.add(folder);
        } else {
            try (Stream<Path> dirs = Files.list(folder)) {
                dirs.filter(d -> Files.exists(d.resolve("program.yaml"))).sorted().forEach(programs::add);
            }
        }
        if (programs.isEmpty()) {
            out.println(folder + ": no program.yaml in it or in its sub-folders");
            return 1;
        }
        LiquidEngine liquid = new LiquidEngine();
        int invalid = 0;
        for (Path dir : programs) {
            List<String> problems = problems(dir, liquid);
            if (problems.isEmpty()) {
                out.println(dir + ": ok");
            } else {
                invalid++;
                problems.forEach(problem -> out.println(dir + "/" + problem));
            }
        }
        out.println(programs.size() + " program(s), " + invalid + " with problems");
        return invalid == 0 ? 0 : 1;
    }

    /** The problems of one program folder, each starting with the file it is about, as the API reports them. */
    static List<String> problems(Path dir, LiquidEngine liquid) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path file : entries.filter(Files::isRegularFile).sorted().toList()) {
                if (!file.getFileName().toString().equals("program.yaml")) {
                    files.put(file.getFileName().toString(), Files.readString(file));
                }
            }
        }
        String id = dir.getFileName().toString();
        try {
            Program program = ProgramParser.parse(id, 0, Files.readString(dir.resolve("program.yaml")), files);
            CompiledProgram.compile(program, liquid);
            return List.of();
        } catch (ProgramValidationException e) {
            return e.problems();
        }
    }
}
