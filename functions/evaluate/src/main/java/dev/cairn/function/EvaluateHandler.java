package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.SqsHandler;
import dev.cairn.pipeline.ChangeMessage;
import dev.cairn.pipeline.Messages;
import dev.cairn.pipeline.RenderRequest;
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
    protected void handle(SQSEvent.SQSMessage record) {
        ChangeMessage change = ChangeMessage.fromJson(Messages.parse(record.getBody()));
        List<RenderRequest> queued = service.evaluate(change);
        Log.info("evaluate", "change evaluated", "messageId", record.getMessageId(), "kind", change.kind(),
                "change", change.change(), "renders", queued.size());
    }
}
