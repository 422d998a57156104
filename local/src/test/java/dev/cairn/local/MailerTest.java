package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.RequestCounter;
import dev.cairn.delivery.Mailer;
import dev.cairn.delivery.SendRate;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * deliver's Mailer against the emulator's SES v2 SendEmail, read off the wire by the {@link Outbox}: what it sends
 * (UTF-8 subject and parts, unsubscribe headers, configuration set, tags), the message id it returns, how it is
 * counted, and the error it raises when SES refuses the message (moto refuses an unverified sender). Throttling
 * (429) and SES's internal failures (500) come from {@link SesFaultProxy}, a small HTTP server in front of the
 * emulator, because the emulator never answers them.
 */
class MailerTest {

    private static final SendRate UNLIMITED = SendRate.share(1000, 1);

    private record Setup(Mailer mailer, AwsClients clients, Outbox outbox) {
    }

    private static Setup setup(String sender, UnaryOperator<SdkHttpClient> http) {
        Outbox outbox = new Outbox();
        AwsClients clients = new AwsClients(List.of(), outbox.watching(http.apply(UrlConnectionHttpClient.builder().build())));
        Mailer mailer = new Mailer(clients.signedHttp("SesV2", "ses"), clients.endpoint("email"), sender,
                "cairn-test-events", UNLIMITED);
        return new Setup(mailer, clients, outbox);
    }

    private static String verifiedSender() {
        String sender = TestStack.unique("sender") + "@cairn.example";
        new AwsClients(List.of()).ses().createEmailIdentity(b -> b.emailIdentity(sender));
        return sender;
    }

    @Test
    void sendsTheEmailAsWrittenAndReturnsSesMessageId() {
        String sender = verifiedSender();
        Setup setup = setup(sender, UnaryOperator.identity());
        String subject = "Ihr Quartalsbericht für Müller & Söhne ✓ — 東京";
        String html = "<p>Grüße, Zoë: <a href=\"https://hub.example/h/t\">Ihr Bericht</a> 🚀</p>";

        String messageId = setup.mailer().send("zoe@customer.example", subject, html, "Grüße, Zoë 🚀", "welcome",
                "run-2026/q4 review", "https://feedback.example/u/abc");

        assertFalse(messageId.isBlank());
        Outbox.Email email = setup.outbox().emails().get(0);
        assertEquals(new Outbox.Email(messageId, sender, List.of("zoe@customer.example"), subject, html, "Grüße, Zoë 🚀",
                Map.of("List-Unsubscribe", "<https://feedback.example/u/abc>",
                        "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                "cairn-test-events", Map.of("program", "welcome", "run", "run-2026_q4_review")), email);
        assertEquals(Map.of(new RequestCounter.Operation("SesV2", "SendEmail"), 1L), setup.clients().requests().snapshot());
    }

    @Test
    void anEmailWithoutHtmlOrUnsubscribeLinkSendsItsTextAlone() {
        Setup setup = setup(verifiedSender(), UnaryOperator.identity());

        setup.mailer().send("plain@customer.example", "Plain", " ", "Just text.", "welcome", "run-1", null);

        Outbox.Email email = setup.outbox().emails().get(0);
        assertEquals(null, email.html());
        assertEquals("Just text.", email.text());
        assertEquals(Map.of(), email.headers());
    }

    @Test
    void aRefusedMessageIsAnErrorNamingSesCode() {
        Setup setup = setup(TestStack.unique("unverified") + "@cairn.example", UnaryOperator.identity());

        Mailer.SesException e = assertThrows(Mailer.SesException.class, () -> setup.mailer().send("x@customer.example",
                "Hi", "<p>Hi</p>", "Hi", "welcome", "run-1", null));

        assertEquals(400, e.status());
        assertEquals("MessageRejected", e.code());
        assertTrue(e.getMessage().startsWith("SES SendEmail answered 400 MessageRejected: Email address not verified"),
                e.getMessage());
        assertEquals(List.of(), setup.outbox().emails());
    }

    @Test
    void throttlingAndInternalFailuresAreErrorsAfterOneAttempt() throws Exception {
        SesFaultProxy ses = new SesFaultProxy(System.getenv("AWS_ENDPOINT_URL"), (to, attempt) ->
                to.startsWith("throttled") ? SesFaultProxy.Fault.THROTTLE : SesFaultProxy.Fault.INTERNAL_ERROR);
        try (ses) {
            Setup setup = setup(verifiedSender(), ses);

            Mailer.SesException throttled = assertThrows(Mailer.SesException.class, () -> setup.mailer().send(
                    "throttled@customer.example", "Hi", "<p>Hi</p>", "Hi", "welcome", "run-1", null));
            Mailer.SesException failed = assertThrows(Mailer.SesException.class, () -> setup.mailer().send(
                    "failed@customer.example", "Hi", "<p>Hi</p>", "Hi", "welcome", "run-1", null));

            assertEquals(429, throttled.status());
            assertEquals("TooManyRequestsException", throttled.code());
            assertEquals("SES SendEmail answered 429 TooManyRequestsException: Maximum sending rate exceeded.",
                    throttled.getMessage());
            assertEquals(500, failed.status());
            assertEquals("InternalFailure", failed.code());
            // Not retried inside the call: the deliver queue retries (docs/operations.md).
            assertEquals(2, ses.refused());
            assertEquals(Map.of(new RequestCounter.Operation("SesV2", "SendEmail"), 2L), setup.clients().requests().snapshot());
            assertEquals(List.of(), setup.outbox().emails());
        }
    }
}
