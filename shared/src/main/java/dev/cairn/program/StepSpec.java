package dev.cairn.program;

/**
 * One step of a sequence besides the main send (see docs/programs.md#sequences). Its time is {@code delayDays}
 * after its {@code anchor}: {@link Sequence#MAIN} (for {@code offset_days}, which may be negative), an earlier
 * step, or {@link Sequence#ENGAGED} (the contact's first engagement in the run). {@code condition} is null,
 * {@link Sequence#IF_ENGAGED} or {@link Sequence#IF_NOT_ENGAGED}, checked when the step is due. {@code renderPage}:
 * the step renders the hub page again before its email goes out.
 */
public record StepSpec(String id, String anchor, int delayDays, String condition, boolean renderPage,
                       Localized emailSubject, String emailHtmlFile, String emailTextFile) {
}
