package dev.cairn.tracking;

import java.time.Duration;

/**
 * What a signed link lets its holder do. A token is valid for one purpose only, so a link to answer a poll cannot
 * be replayed as an unsubscribe. Lifetimes are long enough for an email read months later: an expired link
 * answers 403.
 */
public enum Purpose {
    /** The email's link to the hub page: counts as "opened". */
    OPEN(1, Duration.ofDays(400)),
    /** A call to action on the page or in the email: counts as "clicked". */
    CLICK(2, Duration.ofDays(400)),
    /** A poll answer: one score from the email, or the page's form. */
    POLL(3, Duration.ofDays(120)),
    /** The email's unsubscribe link and List-Unsubscribe header. */
    UNSUBSCRIBE(4, Duration.ofDays(400)),
    /**
     * A success-plan task the contact marks done from the hub page. Shorter-lived: a plan moves on, and a page
     * left open for weeks should not change it; the next page carries fresh ones.
     */
    TASK(5, Duration.ofDays(45));

    private final int code;
    private final Duration lifetime;

    Purpose(int code, Duration lifetime) {
        this.code = code;
        this.lifetime = lifetime;
    }

    int code() {
        return code;
    }

    public Duration lifetime() {
        return lifetime;
    }

    static Purpose ofCode(int code) {
        for (Purpose purpose : values()) {
            if (purpose.code == code) {
                return purpose;
            }
        }
        return null;
    }
}
