package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.SqsBatchHandler;
import dev.cairn.pipeline.Messages;
import dev.cairn.pipeline.RenderRequest;
import dev.cairn.render.LiquidEngine;
import dev.cairn.render.RenderService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a batch of contacts' hub pages to S3 and queues their emails for delivery. */
public final class RenderHandler extends SqsBatchHandler {

    private final RenderService service;
    private final LiquidEngine liquid;

    public RenderHandler() {
        this(Cairn.fromEnvironment());
        Priming.register(this);
    }

    public RenderHandler(Cairn cairn) {
        super(cairn, "render");
        // Every message renders: liqp loads on another thread while the function reads its first batch.
        this.liquid = new LiquidEngine().warmUpInBackground();
        this.service = cairn.renderService(liquid);
    }

    @Override
    protected void prime() {
        liquid.warmUp();
    }

    @Override
    protected Map<String, RuntimeException> handle(List<SQSEvent.SQSMessage> records, Context context) {
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        List<RenderRequest> requests = new ArrayList<>();
        List<String> messageIds = new ArrayList<>();
        for (SQSEvent.SQSMessage record : records) {
            try {
                requests.add(RenderRequest.fromJson(Messages.parse(record.getBody())));
                messageIds.add(record.getMessageId());
            } catch (RuntimeException e) {
                failed.put(record.getMessageId(), e);
            }
        }
        List<RenderService.Result> results = service.render(requests);
        for (int i = 0; i < results.size(); i++) {
            RenderService.Result result = results.get(i);
            RenderRequest request = requests.get(i);
            if (result.failure() != null) {
                failed.put(messageIds.get(i), result.failure());
            } else {
                Log.info("render", "rendered", "messageId", messageIds.get(i), "program", request.programId(),
                        "run", request.runId(), "outcome", result.outcome());
            }
        }
        return failed;
    }
}
