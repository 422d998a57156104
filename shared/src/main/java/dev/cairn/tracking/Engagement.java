package dev.cairn.tracking;

/** What a contact did with a run's email and page; each kind has a first-time attribute and a counter. */
public enum Engagement {
    OPENED("opened_at", "opens", "hub_opened"),
    CLICKED("clicked_at", "clicks", "cta_clicked"),
    ANSWERED("answered_at", "answers", "poll_answered"),
    UNSUBSCRIBED("unsubscribed_at", "unsubscribes", "unsubscribed");

    private final String firstAtAttribute;
    private final String countAttribute;
    private final String event;

    Engagement(String firstAtAttribute, String countAttribute, String event) {
        this.firstAtAttribute = firstAtAttribute;
        this.countAttribute = countAttribute;
        this.event = event;
    }

    /** When it first happened in the run (ISO-8601 instant). */
    public String firstAtAttribute() {
        return firstAtAttribute;
    }

    /** How many times it happened in the run. */
    public String countAttribute() {
        return countAttribute;
    }

    /** The event recorded for the contact, as ingested events are. */
    public String event() {
        return event;
    }
}
