package dev.cairn.delivery;

import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.MessageTag;

/**
 * Sends one email through SESv2 with HTML and plain-text parts, and with RFC 8058 one-click unsubscribe headers
 * when the email has an unsubscribe link; in the stack's configuration set (whose event destination reports
 * bounces and complaints) with message tags naming the program and run; no faster than this environment's share
 * of the maximum send rate.
 */
public final class Mailer {

    private final SesV2Client ses;
    private final String sender;
    private final String configurationSet;
    private final SendRate rate;

    public Mailer(SesV2Client ses, String sender, String configurationSet, SendRate rate) {
        this.ses = ses;
        this.sender = sender;
        this.configurationSet = configurationSet;
        this.rate = rate;
    }

    /** Returns SES's message id. */
    public String send(String to, String subject, String html, String text, String programId, String runId,
                       String unsubscribeUrl) {
        rate.acquire();
        return ses.sendEmail(b -> b.fromEmailAddress(sender).configurationSetName(configurationSet)
                .destination(d -> d.toAddresses(to))
                .emailTags(MessageTag.builder().name("program").value(tagValue(programId)).build(),
                        MessageTag.builder().name("run").value(tagValue(runId)).build())
                .content(c -> c.simple(m -> m
                        .headers(unsubscribeUrl == null || unsubscribeUrl.isBlank() ? java.util.List.of() : java.util.List.of(
                                MessageHeader.builder().name("List-Unsubscribe").value("<" + unsubscribeUrl + ">").build(),
                                MessageHeader.builder().name("List-Unsubscribe-Post").value("List-Unsubscribe=One-Click").build()))
                        .subject(s -> s.data(subject).charset("UTF-8"))
                        .body(body -> {
                            // A part whose template rendered nothing is left out rather than sent empty.
                            if (!html.isBlank()) {
                                body.html(h -> h.data(html).charset("UTF-8"));
                            }
                            if (!text.isBlank() || html.isBlank()) {
                                body.text(t -> t.data(text).charset("UTF-8"));
                            }
                        }))))
                .messageId();
    }

    /** SES tag values allow only letters, digits, '_', '-', '.', '@'. */
    static String tagValue(String value) {
        return value.replaceAll("[^A-Za-z0-9_.@-]", "_");
    }
}
