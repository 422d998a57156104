package dev.cairn.tracking;

import java.time.Instant;

/**
 * Links through the public feedback API, each with a signed token bound to one contact (by its opaque reference),
 * one program step and one purpose: {@code /r/{token}} redirects, {@code /p/{token}} answers a poll,
 * {@code /u/{token}} unsubscribes, {@code /t/{token}} marks a success-plan task done.
 */
public final class SignedLinks implements TrackedLinks {

    private final TokenSigner signer;
    private final String baseUrl;
    private final String contactRef;
    private final String programId;
    private final String runId;
    private final String step;
    private final Instant now;

    public SignedLinks(TokenSigner signer, String baseUrl, String contactRef, String programId, String runId,
                       String step) {
        this.signer = signer;
        this.baseUrl = baseUrl;
        this.contactRef = contactRef;
        this.programId = programId;
        this.runId = runId;
        this.step = step;
        this.now = signer.now();
    }

    @Override
    public String open(String hubUrl) {
        return link("/r/", Purpose.OPEN, "hub", hubUrl);
    }

    @Override
    public String click(String ctaId, String url) {
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            return url; // mailto:, tel: and in-page anchors cannot go through a redirect.
        }
        return link("/r/", Purpose.CLICK, ctaId, url);
    }

    @Override
    public String pollAnswer(String pollId, PollKind kind, int score) {
        return link("/p/", Purpose.POLL, pollId, kind.id() + "=" + score);
    }

    @Override
    public String pollForm(String pollId, PollKind kind) {
        return link("/p/", Purpose.POLL, pollId, kind.id());
    }

    @Override
    public String unsubscribe(String category) {
        return link("/u/", Purpose.UNSUBSCRIBE, category, "");
    }

    @Override
    public String completeTask(String planId, String taskId) {
        return link("/t/", Purpose.TASK, planId, taskId);
    }

    private String link(String path, Purpose purpose, String item, String value) {
        return baseUrl + path + signer.sign(Token.issue(purpose, contactRef, programId, runId, step, item, value, now));
    }
}
