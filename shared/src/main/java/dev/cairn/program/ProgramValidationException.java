package dev.cairn.program;

import java.util.List;

/** Everything wrong with a program, each problem prefixed with the file (and line, where known). */
public class ProgramValidationException extends RuntimeException {

    private final List<String> problems;

    public ProgramValidationException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
