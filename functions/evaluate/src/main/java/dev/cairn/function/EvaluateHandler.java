package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.SqsHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import dev.cairn.pipeline.AudiencePage;
import dev.cairn.pipeline.ChangeMessage;
import dev.cairn.pipeline.Messages;
import dev.cairn.program.Condition;
import dev.cairn.trigger.EvaluateService;
import java.util.List;
import java.util.Map;

/** Evaluates changes from ingestion against triggers, and pages of run and sweep audiences; queues renders. */
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

    /** Audience conditions: with the parser and evaluator in the snapshot, the first one after a restore is at once. */
    @Override
    protected void prime() {
        Condition.parse("priming", "a.b == 'c' and d contains 1 or e[0] > 2").holds(Map.of());
    }

    @Override
    protected void handle(SQSEvent.SQSMessage record, Context context) {
        JsonNode message = Messages.parse(record.getBody());
        if ("audience_page".equals(Json.text(message, "type"))) {
            AudiencePage page = AudiencePage.fromJson(message);
            int renders = service.visit(page);
            Log.info("evaluate", "audience page visited", "messageId", record.getMessageId(), "purpose", page.purpose(),
                    "run", page.runId(), "shard", page.shard(), "renders", renders);
            return;
        }
        // A batch is evaluated whole; entries make evaluation idempotent, so a retried batch starts nothing twice.
        List<ChangeMessage> changes = ChangeMessage.fromBatchJson(message);
        int renders = service.evaluate(changes);
        Log.info("evaluate", "changes evaluated", "messageId", record.getMessageId(), "changes", changes.size(),
                "renders", renders);
    }
}
