package dev.cairn.program;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each step of a program's sequence is due. A contact entering at time E gets its main send at
 * E + {@link #lead}, so that a step with a negative {@code offset_days} (an intro a week before) falls on or after
 * the entry. Steps anchored on the main send are all timed at entry; steps anchored on {@link #ENGAGED} are timed
 * when the contact first engages. Pure: no clock, no store.
 */
public final class Sequence {

    /** The program's own email: the step every program has. */
    public static final String MAIN = "main";
    /** The anchor of steps that follow the contact's first engagement in the run. */
    public static final String ENGAGED = "engaged";
    public static final String IF_ENGAGED = "engaged";
    public static final String IF_NOT_ENGAGED = "not_engaged";

    /** A step and when it is due. */
    public record Timed(String step, Instant at) {
    }

    private Sequence() {
    }

    /** Days from the main send to a step anchored (through any chain) on it; absent for engagement steps. */
    static Map<String, Integer> daysFromMain(List<StepSpec> steps) {
        Map<String, Integer> days = new HashMap<>();
        days.put(MAIN, 0);
        for (StepSpec step : steps) {
            // The parser allows an anchor only on main, engaged or an earlier step, so one pass suffices.
            Integer anchor = days.get(step.anchor());
            if (anchor != null) {
                days.put(step.id(), anchor + step.delayDays());
            }
        }
        return days;
    }

    /** How long after entering the main send is due: the earliest step then falls on the entry. */
    public static Duration lead(Program program) {
        int earliest = daysFromMain(program.steps()).values().stream().mapToInt(Integer::intValue).min().orElse(0);
        return Duration.ofDays(Math.max(0, -earliest));
    }

    /** The main send and every step timed from it, in order of time, for a contact entering at {@code entered}. */
    public static List<Timed> atEntry(Program program, Instant entered) {
        Instant main = entered.plus(lead(program));
        List<Timed> timed = new ArrayList<>();
        timed.add(new Timed(MAIN, main));
        Map<String, Integer> days = daysFromMain(program.steps());
        for (StepSpec step : program.steps()) {
            Integer d = days.get(step.id());
            if (d != null) {
                timed.add(new Timed(step.id(), main.plus(Duration.ofDays(d))));
            }
        }
        timed.sort(java.util.Comparator.comparing(Timed::at));
        return List.copyOf(timed);
    }

    /** Every step timed from the contact's first engagement (directly, or after another such step). */
    public static List<Timed> afterEngagement(Program program, Instant engaged) {
        Map<String, Instant> at = new HashMap<>();
        at.put(ENGAGED, engaged);
        List<Timed> timed = new ArrayList<>();
        for (StepSpec step : program.steps()) {
            Instant anchor = at.get(step.anchor());
            if (anchor != null) {
                Instant due = anchor.plus(Duration.ofDays(step.delayDays()));
                at.put(step.id(), due);
                timed.add(new Timed(step.id(), due));
            }
        }
        return List.copyOf(timed);
    }

    /** Days from the first step timed at entry to the last: how long a contact is in the sequence at least. */
    public static int spanDays(Program program) {
        var days = daysFromMain(program.steps()).values();
        return days.stream().mapToInt(Integer::intValue).max().orElse(0) - days.stream().mapToInt(Integer::intValue).min().orElse(0);
    }
}
