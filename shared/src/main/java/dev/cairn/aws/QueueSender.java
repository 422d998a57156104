package dev.cairn.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Sends messages in SendMessageBatch calls of ten, retrying entries SQS reports as failed. */
public final class QueueSender {

    private static final int BATCH = 10;
    private static final int ATTEMPTS = 3;

    private final SqsClient sqs;

    public QueueSender(SqsClient sqs) {
        this.sqs = sqs;
    }

    public void send(String queueUrl, List<String> bodies) {
        send(queueUrl, bodies, 0);
    }

    /** The same, each message delivered no sooner than {@code delaySeconds} from now (SQS allows up to 900). */
    public void send(String queueUrl, List<String> bodies, int delaySeconds) {
        for (int start = 0; start < bodies.size(); start += BATCH) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = start; i < Math.min(bodies.size(), start + BATCH); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i))
                        .delaySeconds(delaySeconds > 0 ? delaySeconds : null).build());
            }
            for (int attempt = 1; !entries.isEmpty(); attempt++) {
                List<SendMessageBatchRequestEntry> pending = entries;
                SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(pending));
                if (response.failed().isEmpty()) {
                    break;
                }
                if (attempt == ATTEMPTS) {
                    BatchResultErrorEntry first = response.failed().get(0);
                    throw new IllegalStateException(response.failed().size() + " messages were not accepted by SQS: "
                            + first.code() + " " + first.message());
                }
                List<String> failedIds = response.failed().stream().map(BatchResultErrorEntry::id).toList();
                entries = pending.stream().filter(e -> failedIds.contains(e.id())).toList();
            }
        }
    }
}
