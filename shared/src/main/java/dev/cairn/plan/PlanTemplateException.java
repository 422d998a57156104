package dev.cairn.plan;

import java.util.List;

/** A plan template that does not validate; each problem names its file and line ("onboarding.yaml:12: ..."). */
public final class PlanTemplateException extends RuntimeException {

    private final List<String> problems;

    public PlanTemplateException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
