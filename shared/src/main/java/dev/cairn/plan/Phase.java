package dev.cairn.plan;

/** A stage of a plan, such as kickoff, spanning days {@code start..end} from the plan's start (inclusive). */
public record Phase(String id, String title, int start, int end) {
}
