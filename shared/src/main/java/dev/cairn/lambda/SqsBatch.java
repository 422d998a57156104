package dev.cairn.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.store.RunStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a handler's work for each record of an SQS batch. A record whose work throws is reported in
 * {@code batchItemFailures} (so SQS retries it and, after maxReceiveCount, dead-letters it) and logged with the
 * message id and reason; the other records of the batch are unaffected. Before the response, the failed records'
 * visibility is set to their back-off ({@link RetryVisibility}), so that a retry comes back after seconds rather
 * than the queue's whole visibility timeout. The run counters the records add are summed and written once per run
 * at the end of the batch ({@link RunStore#openBatch}); if that write fails the whole batch fails and is retried.
 */
public final class SqsBatch {

    private SqsBatch() {
    }

    public static SQSBatchResponse process(SQSEvent event, String stage, RetryVisibility retries,
                                           Consumer<SQSEvent.SQSMessage> work) {
        return processAll(event, stage, retries, records -> {
            Map<String, RuntimeException> failed = new LinkedHashMap<>();
            for (SQSEvent.SQSMessage record : records) {
                try {
                    work.accept(record);
                } catch (RuntimeException e) {
                    failed.put(record.getMessageId(), e);
                }
            }
            return failed;
        });
    }

    /**
     * Runs work that takes the whole batch at once and answers which records failed (by message id, with the
     * reason). The counters it adds are written at the end, as for {@link #process}. If the work throws, every
     * record is reported for retry.
     */
    public static SQSBatchResponse processAll(SQSEvent event, String stage, RetryVisibility retries,
                                              Function<List<SQSEvent.SQSMessage>, Map<String, RuntimeException>> work) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        Map<String, RuntimeException> failed;
        try (RunStore.Batch counters = RunStore.openBatch()) {
            try {
                failed = work.apply(records);
            } catch (RuntimeException e) {
                failed = new LinkedHashMap<>();
                for (SQSEvent.SQSMessage record : records) {
                    failed.put(record.getMessageId(), e);
                }
            }
            counters.flush();
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> retried = new ArrayList<>();
        for (SQSEvent.SQSMessage record : records) {
            RuntimeException reason = failed.get(record.getMessageId());
            if (reason != null) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
                retried.add(record);
                Log.error(stage, "record failed; reported for retry", reason, "messageId", record.getMessageId(),
                        "receiveCount", receiveCount(record));
            }
        }
        if (!retried.isEmpty()) {
            retries.delay(retried, stage);
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** How often SQS has delivered the record, this time included (1 when the attribute is missing). */
    public static int receiveCount(SQSEvent.SQSMessage record) {
        String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
