package dev.cairn.tracking;

import java.util.Locale;
import java.util.Optional;

/** The poll scales Cairn asks, each with its range of scores. The id is also the metric an answer records. */
public enum PollKind {
    NPS(0, 10),
    CES(1, 7),
    CSAT(1, 5);

    private final int min;
    private final int max;

    PollKind(int min, int max) {
        this.min = min;
        this.max = max;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** {@code nps}, {@code ces}, {@code csat}: the scale's name in program.yaml and the metric's name. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean accepts(int score) {
        return score >= min && score <= max;
    }

    public static Optional<PollKind> of(String id) {
        for (PollKind kind : values()) {
            if (kind.id().equals(id)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
