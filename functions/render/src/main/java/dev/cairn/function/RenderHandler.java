package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.SqsHandler;
import dev.cairn.pipeline.Messages;
import dev.cairn.pipeline.RenderRequest;
import dev.cairn.render.RenderService;

/** Renders a contact's hub page to S3 and queues the email for delivery. */
public final class RenderHandler extends SqsHandler {

    private final RenderService service;

    public RenderHandler() {
        this(Cairn.fromEnvironment());
        Priming.register(this);
    }

    public RenderHandler(Cairn cairn) {
        super(cairn, "render");
        this.service = cairn.renderService();
    }

    @Override
    protected void handle(SQSEvent.SQSMessage record, Context context) {
        RenderRequest request = RenderRequest.fromJson(Messages.parse(record.getBody()));
        RenderService.Outcome outcome = service.render(request);
        Log.info("render", "rendered", "messageId", record.getMessageId(), "program", request.programId(),
                "run", request.runId(), "outcome", outcome);
    }
}
