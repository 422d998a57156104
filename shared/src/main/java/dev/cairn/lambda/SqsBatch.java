package dev.cairn.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.store.RunStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a handler's work for each record of an SQS batch. A record whose work throws is reported in
 * {@code batchItemFailures} (so SQS retries it and, after maxReceiveCount, dead-letters it) and logged with the
 * message id and reason; the other records of the batch are unaffected. The run counters the records add are
 * summed and written once per run at the end of the batch ({@link RunStore#openBatch}); if that write fails the
 * whole batch fails and is retried.
 */
public final class SqsBatch {

    private SqsBatch() {
    }

    public static SQSBatchResponse process(SQSEvent event, String stage, Consumer<SQSEvent.SQSMessage> work) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        try (RunStore.Batch counters = RunStore.openBatch()) {
            for (SQSEvent.SQSMessage record : records) {
                try {
                    work.accept(record);
                } catch (RuntimeException e) {
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
                    Log.error(stage, "record failed; reported for retry", e, "messageId", record.getMessageId(),
                            "receiveCount", receiveCount(record));
                }
            }
            counters.flush();
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /**
     * Runs work that takes the whole batch at once and answers which records failed (by message id, with the
     * reason). The counters it adds are written at the end, as for {@link #process}. If the work throws, every
     * record is reported for retry.
     */
    public static SQSBatchResponse processAll(SQSEvent event, String stage,
                                              Function<List<SQSEvent.SQSMessage>, Map<String, RuntimeException>> work) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        Map<String, RuntimeException> failed;
        try (RunStore.Batch counters = RunStore.openBatch()) {
            try {
                failed = work.apply(records);
            } catch (RuntimeException e) {
                failed = new java.util.LinkedHashMap<>();
                for (SQSEvent.SQSMessage record : records) {
                    failed.put(record.getMessageId(), e);
                }
            }
            counters.flush();
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage record : records) {
            RuntimeException reason = failed.get(record.getMessageId());
            if (reason != null) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
                Log.error(stage, "record failed; reported for retry", reason, "messageId", record.getMessageId(),
                        "receiveCount", receiveCount(record));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static String receiveCount(SQSEvent.SQSMessage record) {
        return record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
    }
}
