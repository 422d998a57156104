package dev.cairn.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import java.util.List;
import java.util.Map;

/**
 * Base of the SQS-triggered handlers that work on the whole batch at once (to read and send for all its records
 * in a few requests), still reporting each failed record in the batch response (never acknowledged and lost).
 */
public abstract class SqsBatchHandler extends PrimedHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final String stage;
    private final RetryVisibility retries;

    protected SqsBatchHandler(Cairn cairn, String stage) {
        super(cairn);
        this.stage = stage;
        this.retries = cairn.retryVisibility();
    }

    /** Handles the batch; answers the records that failed, by message id, with the reason. */
    protected abstract Map<String, RuntimeException> handle(List<SQSEvent.SQSMessage> records, Context context);

    @Override
    public final SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.processAll(event, stage, retries, records -> handle(records, context));
    }
}
