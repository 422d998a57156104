package dev.cairn.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.lambda.Log;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Does locally what Lambda's SQS event source mapping does: receives batches of the template's size, invokes the
 * handler, deletes only the records not reported in {@code batchItemFailures}, and leaves the failed ones as they
 * are: they reappear when the visibility the handler gave them (its retry back-off) ends, until the queue's
 * redrive policy moves them to the dead-letter queue. A handler that throws fails the whole batch, as on Lambda;
 * its records reappear after {@code crashRetrySeconds} rather than the queue's visibility timeout, a local shortcut.
 */
final class QueuePoller implements Runnable {

    private final String functionId;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final int batchSize;
    private final int crashRetrySeconds;
    private final int timeoutSeconds;
    private final AtomicBoolean running;
    private final AtomicInteger busy;
    private final FunctionMeter meter;

    QueuePoller(String functionId, RequestHandler<SQSEvent, SQSBatchResponse> handler, SqsClient sqs, String queueUrl,
                String queueArn, int batchSize, int timeoutSeconds, int crashRetrySeconds, AtomicBoolean running,
                AtomicInteger busy, FunctionMeter meter) {
        this.timeoutSeconds = timeoutSeconds;
        this.functionId = functionId;
        this.handler = handler;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.batchSize = Math.min(10, batchSize);
        this.crashRetrySeconds = crashRetrySeconds;
        this.running = running;
        this.busy = busy;
        this.meter = meter;
    }

    @Override
    public void run() {
        while (running.get()) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                if (running.get()) {
                    Log.error("local", "queue poll failed", e, "function", functionId);
                    sleep(500);
                }
            }
        }
    }

    private void pollOnce() {
        // Received messages count as "not visible" in the queue's depth until deleted, so drain never misses them.
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                .waitTimeSeconds(0).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (messages.isEmpty()) {
            sleep(100);
            return;
        }
        busy.incrementAndGet();
        try {
            SQSEvent event = new SQSEvent();
            List<SQSEvent.SQSMessage> records = new ArrayList<>();
            for (Message message : messages) {
                SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
                record.setMessageId(message.messageId());
                record.setReceiptHandle(message.receiptHandle());
                record.setBody(message.body());
                record.setMd5OfBody(message.md5OfBody());
                record.setEventSource("aws:sqs");
                record.setEventSourceArn(queueArn);
                record.setAwsRegion("us-east-1");
                record.setAttributes(message.attributesAsStrings());
                records.add(record);
            }
            event.setRecords(records);
            Set<String> failed = new HashSet<>();
            try {
                SQSBatchResponse response = meter.invoke(records.size(),
                        () -> handler.handleRequest(event, new LocalLambdaContext(functionId, timeoutSeconds)));
                if (response != null && response.getBatchItemFailures() != null) {
                    response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
                }
            } catch (RuntimeException | Error e) {
                Log.error("local", "handler threw; the whole batch will be retried", e, "function", functionId);
                for (Message message : messages) {
                    failed.add(message.messageId());
                    sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                            .visibilityTimeout(crashRetrySeconds));
                }
            }
            List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
            for (Message message : messages) {
                if (!failed.contains(message.messageId())) {
                    done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                            .receiptHandle(message.receiptHandle()).build());
                }
            }
            if (!done.isEmpty()) {
                sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
            }
        } finally {
            busy.decrementAndGet();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
