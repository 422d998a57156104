package dev.cairn.tracking;

import java.time.Instant;

/**
 * What a signed link carries. {@code contactRef} is the contact's opaque reference ({@link ContactRefs}), never
 * its id or address. {@code item} and {@code value} depend on the purpose:
 * <ul>
 *   <li>OPEN: item {@code hub}, value the hub page URL;</li>
 *   <li>CLICK: item the call to action's id, value its URL;</li>
 *   <li>POLL: item the poll's scene id, value the kind ({@code nps}) or kind and score ({@code nps=9});</li>
 *   <li>UNSUBSCRIBE: item the program's category, value empty;</li>
 *   <li>TASK: item the success plan's id, value the task's id.</li>
 * </ul>
 */
public record Token(Purpose purpose, String contactRef, String programId, String runId, String step, String item,
                    String value, Instant expiresAt) {

    /** A token for a purpose, expiring after the purpose's lifetime from {@code now}. */
    public static Token issue(Purpose purpose, String contactRef, String programId, String runId, String step,
                              String item, String value, Instant now) {
        return new Token(purpose, contactRef, programId, runId, step, item, value == null ? "" : value,
                now.plus(purpose.lifetime()));
    }
}
