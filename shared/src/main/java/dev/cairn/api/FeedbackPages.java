package dev.cairn.api;

import dev.cairn.tracking.PollKind;

/**
 * The pages the feedback API answers with: self-contained HTML (inline style, no script, no external request),
 * {@code noindex}, every value escaped.
 */
final class FeedbackPages {

    private FeedbackPages() {
    }

    static PageResponse invalidLink() {
        return page(403, "Link not valid", "<p>This link is not valid: it may have expired, or been changed on its way"
                + " to you. Nothing was recorded.</p><p>The newest email we sent you has links that work.</p>");
    }

    static PageResponse notFound() {
        return page(404, "Not found", "<p>There is nothing at this address.</p>");
    }

    static PageResponse failed() {
        return page(500, "Something went wrong", "<p>We could not record this just now. Please try the link again"
                + " in a minute.</p>");
    }

    static PageResponse pollClosed() {
        return page(410, "Poll closed", "<p>This poll is no longer open.</p>");
    }

    static PageResponse badAnswer(PollKind kind, String problem) {
        return page(400, "Answer not recorded", "<p>" + escape(problem) + "</p><p>" + label(kind) + " answers are"
                + " whole numbers from " + kind.min() + " to " + kind.max() + ". Nothing was recorded.</p>");
    }

    /** After an answer: thanks, and a form for a comment unless one was just given. */
    static PageResponse answered(PollKind kind, int score, boolean withCommentForm, String formAction) {
        StringBuilder body = new StringBuilder("<p>Your answer, <strong>").append(score).append("</strong> on ")
                .append(label(kind)).append("'s scale of ").append(kind.min()).append(" to ").append(kind.max())
                .append(", is recorded. You can change it by answering again.</p>");
        if (withCommentForm) {
            body.append("<form method=\"post\" action=\"").append(escape(formAction)).append("\">")
                    .append("<input type=\"hidden\" name=\"score\" value=\"").append(score).append("\">")
                    .append("<label for=\"comment\">Anything you would like to add? (optional)</label>")
                    .append("<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"")
                    .append(FeedbackApi.MAX_COMMENT_CHARS).append("\"></textarea>")
                    .append("<button type=\"submit\">Send comment</button></form>");
        }
        return page(200, "Thank you", body.toString());
    }

    static PageResponse taskDone(String title) {
        return page(200, "Well done!", "<p><strong>" + escape(title) + "</strong> is marked done. Your plan shows it"
                + " from your next page on.</p>");
    }

    static PageResponse confirmUnsubscribe(String category, String formAction) {
        return page(200, "Unsubscribe", "<p>Do you want to stop receiving emails from us?</p>"
                + "<form method=\"post\" action=\"" + escape(formAction) + "\">"
                + "<button type=\"submit\" name=\"scope\" value=\"category\">Stop emails about "
                + escape(category) + "</button> "
                + "<button type=\"submit\" name=\"scope\" value=\"all\">Stop all emails</button></form>");
    }

    static PageResponse unsubscribed(boolean all, String category) {
        return page(200, "Unsubscribed", all
                ? "<p>You will receive no more emails from us.</p>"
                : "<p>You will receive no more emails about " + escape(category) + ".</p>");
    }

    private static String label(PollKind kind) {
        return kind.name();
    }

    private static PageResponse page(int status, String title, String body) {
        return PageResponse.html(status, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex, nofollow\"><meta name=\"referrer\" content=\"no-referrer\">"
                + "<title>" + escape(title) + "</title><style>"
                + "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;margin:0;color:#1f2933;"
                + "background:#f5f7fa;line-height:1.5}main{max-width:32rem;margin:3rem auto;background:#fff;"
                + "padding:1.5rem;border-radius:.5rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}h1{font-size:1.4rem;"
                + "color:#12355b;margin-top:0}label{display:block;margin:.75rem 0 .25rem}textarea{width:100%;"
                + "box-sizing:border-box;font:inherit}button{margin-top:.75rem;background:#0b6e4f;color:#fff;"
                + "border:0;padding:.6rem 1rem;border-radius:.35rem;font:inherit;font-weight:600;cursor:pointer}"
                + "button:focus{outline:3px solid #f0b429;outline-offset:2px}</style></head><body><main><h1>"
                + escape(title) + "</h1>" + body + "</main></body></html>");
    }

    /** HTML escaping for text and double- or single-quoted attribute values. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
