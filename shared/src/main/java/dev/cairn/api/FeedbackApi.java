package dev.cairn.api;

import dev.cairn.lambda.Log;
import dev.cairn.onboarding.PlanService;
import dev.cairn.plan.PlanException;
import dev.cairn.tracking.FeedbackService;
import dev.cairn.tracking.InvalidTokenException;
import dev.cairn.tracking.PollKind;
import dev.cairn.tracking.Purpose;
import dev.cairn.tracking.Suppressions;
import dev.cairn.tracking.Token;
import dev.cairn.tracking.TokenSigner;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The public feedback API (no API key: contacts reach it from emails and hub pages). Every route takes a signed
 * token; a token that is forged, altered, expired or for another purpose gets 403 and records nothing.
 * <ul>
 *   <li>{@code GET /r/{token}}: records "opened" (the hub link) or "clicked" (a call to action), redirects;</li>
 *   <li>{@code GET /p/{token}}: records the score the link carries, thanks, offers a comment form;</li>
 *   <li>{@code POST /p/{token}}: the hub page's poll form, or that comment form (form-encoded);</li>
 *   <li>{@code GET /u/{token}}: asks what to unsubscribe from; {@code POST /u/{token}}: unsubscribes (RFC 8058
 *       one-click, or that page's form);</li>
 *   <li>{@code POST /t/{token}}: the hub page's "Mark done" form for a success-plan task. A token whose task is
 *       no longer open to the contact (done already: a replay) is refused like a forged one.</li>
 * </ul>
 */
public final class FeedbackApi {

    public static final int MAX_COMMENT_CHARS = 2_000;
    private static final Pattern SCORE = Pattern.compile("^\\d{1,2}$");
    private static final String STAGE = "feedback-api";

    private final TokenSigner signer;
    private final FeedbackService feedback;
    private final PlanService plans;
    private final Map<String, Function<ApiRequest, PageResponse>> routes = new LinkedHashMap<>();

    public FeedbackApi(TokenSigner signer, FeedbackService feedback, PlanService plans) {
        this.signer = signer;
        this.feedback = feedback;
        this.plans = plans;
        routes.put("GET /r/{token}", this::follow);
        routes.put("GET /p/{token}", this::answerFromLink);
        routes.put("POST /p/{token}", this::answerFromForm);
        routes.put("GET /u/{token}", this::confirmUnsubscribe);
        routes.put("POST /u/{token}", this::unsubscribe);
        routes.put("POST /t/{token}", this::completeTask);
    }

    /** "METHOD /resource/{param}" of every route, as declared in template.yaml and docs/openapi-public.yaml. */
    public List<String> routes() {
        return List.copyOf(routes.keySet());
    }

    public PageResponse handle(ApiRequest request) {
        Function<ApiRequest, PageResponse> route = routes.get(request.method() + " " + request.resource());
        return route == null ? FeedbackPages.notFound() : route.apply(request);
    }

    /** The page for a request that failed inside Cairn (logged by the handler). */
    public PageResponse failed() {
        return FeedbackPages.failed();
    }

    private PageResponse follow(ApiRequest request) {
        Optional<Token> token = verify(request, Purpose.OPEN, Purpose.CLICK);
        if (token.isEmpty()) {
            return FeedbackPages.invalidLink();
        }
        // A contact erased since the email was sent still reaches the link; nothing is recorded about them.
        Optional<FeedbackService.Recipient> recipient = feedback.recipient(token.get());
        recipient.ifPresent(r -> feedback.recordFollowed(token.get(), r));
        log(token.get(), recipient.isEmpty() ? "SKIPPED_NO_CONTACT" : token.get().purpose() == Purpose.OPEN ? "OPENED" : "CLICKED");
        return PageResponse.redirect(token.get().value());
    }

    private PageResponse answerFromLink(ApiRequest request) {
        Optional<Token> token = verify(request, Purpose.POLL);
        if (token.isEmpty()) {
            return FeedbackPages.invalidLink();
        }
        PollKind kind = kind(token.get());
        Integer score = tokenScore(token.get());
        if (score == null) {
            return FeedbackPages.badAnswer(kind, "This link carries no score: answer on your hub page.");
        }
        return record(request, token.get(), kind, score, null, "email");
    }

    private PageResponse answerFromForm(ApiRequest request) {
        Optional<Token> token = verify(request, Purpose.POLL);
        if (token.isEmpty()) {
            return FeedbackPages.invalidLink();
        }
        PollKind kind = kind(token.get());
        Map<String, String> form;
        try {
            form = form(request.body());
        } catch (IllegalArgumentException e) {
            return FeedbackPages.badAnswer(kind, "The form could not be read.");
        }
        // A score link's own score wins: its comment form repeats it only for the page's convenience.
        Integer score = tokenScore(token.get());
        if (score == null) {
            String given = form.getOrDefault("score", "").strip();
            if (given.isEmpty()) {
                return FeedbackPages.badAnswer(kind, "No score was chosen.");
            }
            if (!SCORE.matcher(given).matches()) {
                return FeedbackPages.badAnswer(kind, "'" + given + "' is not a score.");
            }
            score = Integer.parseInt(given);
        }
        if (!kind.accepts(score)) {
            return FeedbackPages.badAnswer(kind, score + " is outside the scale.");
        }
        String comment = form.getOrDefault("comment", "").strip();
        if (comment.length() > MAX_COMMENT_CHARS) {
            return FeedbackPages.badAnswer(kind, "The comment is longer than " + MAX_COMMENT_CHARS + " characters.");
        }
        return record(request, token.get(), kind, score, comment.isEmpty() ? null : comment,
                tokenScore(token.get()) == null ? "hub" : "email");
    }

    private PageResponse record(ApiRequest request, Token token, PollKind kind, int score, String comment,
                                String source) {
        Optional<FeedbackService.Recipient> recipient = feedback.recipient(token);
        if (recipient.isEmpty()) {
            return FeedbackPages.pollClosed();
        }
        feedback.recordAnswer(token, recipient.get(), kind, score, comment, source);
        log(token, "ANSWERED");
        return FeedbackPages.answered(kind, score, comment == null, request.pathParameter("token"));
    }

    private PageResponse confirmUnsubscribe(ApiRequest request) {
        Optional<Token> token = verify(request, Purpose.UNSUBSCRIBE);
        return token.isEmpty() ? FeedbackPages.invalidLink()
                : FeedbackPages.confirmUnsubscribe(token.get().item(), request.pathParameter("token"));
    }

    /** A mail client's one-click POST carries {@code List-Unsubscribe=One-Click}: that is the program's category. */
    private PageResponse unsubscribe(ApiRequest request) {
        Optional<Token> token = verify(request, Purpose.UNSUBSCRIBE);
        if (token.isEmpty()) {
            return FeedbackPages.invalidLink();
        }
        Map<String, String> form;
        try {
            form = form(request.body());
        } catch (IllegalArgumentException unreadable) {
            form = Map.of(); // Still an unsubscribe request: honour it for the category.
        }
        boolean all = "all".equals(form.get("scope"));
        Optional<FeedbackService.Recipient> recipient = feedback.recipient(token.get());
        recipient.ifPresent(r -> feedback.unsubscribe(token.get(), r,
                all ? Suppressions.Scope.ALL : Suppressions.Scope.CATEGORY));
        log(token.get(), recipient.isEmpty() ? "SKIPPED_NO_CONTACT" : all ? "UNSUBSCRIBED_ALL" : "UNSUBSCRIBED_CATEGORY");
        return FeedbackPages.unsubscribed(all, token.get().item());
    }

    private PageResponse completeTask(ApiRequest request) {
        Optional<Token> token = verify(request, Purpose.TASK);
        if (token.isEmpty()) {
            return FeedbackPages.invalidLink();
        }
        Optional<FeedbackService.Recipient> recipient = feedback.recipient(token.get());
        if (recipient.isEmpty()) {
            log(token.get(), "SKIPPED_NO_CONTACT");
            return FeedbackPages.invalidLink();
        }
        String title;
        try {
            title = plans.completeByContact(recipient.get().contactId(), token.get().item(), token.get().value());
        } catch (PlanException refused) {
            Log.info(STAGE, "task refused", "program", token.get().programId(), "run", token.get().runId(),
                    "reason", refused.reason().name());
            return FeedbackPages.invalidLink();
        }
        log(token.get(), "TASK_COMPLETED");
        return FeedbackPages.taskDone(title);
    }

    private Optional<Token> verify(ApiRequest request, Purpose... allowed) {
        try {
            return Optional.of(signer.verify(request.pathParameter("token"), allowed));
        } catch (InvalidTokenException e) {
            Log.info(STAGE, "token refused", "route", request.method() + " " + request.resource(),
                    "reason", e.getMessage());
            return Optional.empty();
        }
    }

    /** The kind is part of what we signed; an unknown one would be a bug in the render stage. */
    private static PollKind kind(Token token) {
        String kind = token.value().contains("=") ? token.value().substring(0, token.value().indexOf('=')) : token.value();
        return PollKind.of(kind).orElseThrow(() -> new IllegalStateException("poll token with unknown kind " + kind));
    }

    private static Integer tokenScore(Token token) {
        int eq = token.value().indexOf('=');
        return eq < 0 ? null : Integer.valueOf(token.value().substring(eq + 1));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static void log(Token token, String outcome) {
        Log.info(STAGE, "recorded", "program", token.programId(), "run", token.runId(), "outcome", outcome);
    }
}
