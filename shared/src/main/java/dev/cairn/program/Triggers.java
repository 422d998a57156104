package dev.cairn.program;

import java.util.Set;

/** The events that can start a program. */
public final class Triggers {

    public static final String CONTACT_CREATED = "contact_created";
    public static final String MANUAL = "manual";

    public static final Set<String> ALL = Set.of(CONTACT_CREATED, MANUAL);

    private Triggers() {
    }
}
