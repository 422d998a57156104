package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.SqsHandler;
import dev.cairn.pipeline.ChangeMessage;
import dev.cairn.pipeline.Messages;
import dev.cairn.trigger.EvaluateService;
import java.util.List;

/** Evaluates change messages from ingestion and queues the renders that triggered programs ask for. */
public final class EvaluateHandler extends SqsHandler {

    private final EvaluateService service;

    public EvaluateHandler() {
        this(Cairn.fromEnvironment());
        Priming.register(this);
    }

    public EvaluateHandler(Cairn cairn) {
        super(cairn, "evaluate");
        this.service = cairn.evaluateService();
    }

    @Override
    protected void handle(SQSEvent.SQSMessage record, Context context) {
        // A batch is evaluated whole; evaluation is idempotent, so a retried batch queues nothing twice that sends.
        List<ChangeMessage> changes = ChangeMessage.fromBatchJson(Messages.parse(record.getBody()));
        int renders = 0;
        for (ChangeMessage change : changes) {
            renders += service.evaluate(change).size();
        }
        Log.info("evaluate", "changes evaluated", "messageId", record.getMessageId(), "changes", changes.size(),
                "renders", renders);
    }
}
