package dev.cairn.program;

/** A named, conditional piece of narrative ({@code snippets:} in program.yaml); {@code when} may be null. */
public record SnippetSpec(String name, String when, Localized text) {
}
