package dev.cairn.plan;

import java.util.Arrays;
import java.util.Optional;

/**
 * How long an onboarding runs. A template is written for the standard 90 days; the other variants scale every
 * day after the start by {@code days / 90}, rounded half up, never below day 1. Days up to 0 (pre-onboarding)
 * are not scaled: readiness work before the start takes as long whatever the pace afterwards.
 */
public enum Timeline {
    STANDARD(90), ACCELERATED(60), EXTENDED(120);

    public static final int BASE_DAYS = 90;

    private final int days;

    Timeline(int days) {
        this.days = days;
    }

    public int days() {
        return days;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public int scale(int day) {
        if (day <= 0 || this == STANDARD) {
            return day;
        }
        return (int) Math.max(1, Math.round((double) day * days / BASE_DAYS));
    }

    public static Optional<Timeline> of(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
    }
}
