package dev.cairn.tracking;

import java.util.Map;
import java.util.Set;

/** Makes the signed links of one rendered program step for one contact, through the public feedback API. */
public final class FeedbackLinks {

    private final TokenSigner signer;
    private final String feedbackBaseUrl;
    private final ContactRefs refs;

    public FeedbackLinks(TokenSigner signer, String feedbackBaseUrl, ContactRefs refs) {
        this.signer = signer;
        this.feedbackBaseUrl = feedbackBaseUrl;
        this.refs = refs;
    }

    /** The opaque references the links of these contacts carry: those already read, the missing ones created together. */
    public Map<String, String> refsOf(Set<String> contactIds, Map<String, String> stored) {
        return refs.refsOf(contactIds, stored);
    }

    /** The links of one step for the contact with this reference ({@link #refsOf}). */
    public TrackedLinks forStep(String contactRef, String programId, String runId, String step) {
        return new SignedLinks(signer, feedbackBaseUrl, contactRef, programId, runId, step);
    }
}
