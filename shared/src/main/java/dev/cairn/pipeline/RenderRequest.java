package dev.cairn.pipeline;

/**
 * Asks the render stage to render one program step for one contact. On the render queue requests travel packed in
 * {@link RenderMessage}s of up to ten contacts.
 */
public record RenderRequest(String programId, int programVersion, String contactId, String runId, String step,
                            boolean dryRun) {

    /** This request alone as a render queue message (a step parked for one contact). */
    public String toJson() {
        return RenderMessage.of(this).toJson();
    }
}
