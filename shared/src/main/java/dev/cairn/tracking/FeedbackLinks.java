package dev.cairn.tracking;

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

    /** The links of one step for a contact, given its id and {@code created_at}: they carry its opaque reference. */
    public TrackedLinks forStep(String contactId, Object createdAt, String programId, String runId, String step) {
        return new SignedLinks(signer, feedbackBaseUrl, refs.refOf(contactId, createdAt), programId, runId, step);
    }
}
