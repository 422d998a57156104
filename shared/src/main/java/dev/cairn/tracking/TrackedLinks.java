package dev.cairn.tracking;

/**
 * The links a rendered page and email carry for one contact and program step. The render stage signs them
 * ({@link SignedLinks}); a preview, which stores and sends nothing, uses {@link #UNTRACKED}.
 */
public interface TrackedLinks {

    /** The email's link to the hub page; opening it counts as "opened". */
    String open(String hubUrl);

    /** A call to action's link; following it counts as "clicked". Links that are not http(s) stay as they are. */
    String click(String ctaId, String url);

    /** One score of a poll, answered by following the link; empty when answers are not possible. */
    String pollAnswer(String pollId, PollKind kind, int score);

    /** Where the page's poll form posts its answer; empty when answers are not possible. */
    String pollForm(String pollId, PollKind kind);

    /** The unsubscribe page and List-Unsubscribe target for the program's category; empty when not possible. */
    String unsubscribe(String category);

    /** Where the hub page's "Mark done" form for a task of a success plan posts; empty when not possible. */
    String completeTask(String planId, String taskId);

    /** Direct links and no answer, task or unsubscribe links: what a preview shows. */
    TrackedLinks UNTRACKED = new TrackedLinks() {
        @Override
        public String open(String hubUrl) {
            return hubUrl;
        }

        @Override
        public String click(String ctaId, String url) {
            return url;
        }

        @Override
        public String pollAnswer(String pollId, PollKind kind, int score) {
            return "";
        }

        @Override
        public String pollForm(String pollId, PollKind kind) {
            return "";
        }

        @Override
        public String unsubscribe(String category) {
            return "";
        }

        @Override
        public String completeTask(String planId, String taskId) {
            return "";
        }
    };
}
