package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.SqsBatchHandler;
import dev.cairn.pipeline.Messages;
import dev.cairn.pipeline.RenderMessage;
import dev.cairn.render.LiquidEngine;
import dev.cairn.render.RenderMessages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a batch of render messages (up to ten contacts each) to hub pages on S3 and emails on the delivery queue;
 * a message some of whose contacts failed goes on with those alone ({@link RenderMessages}).
 */
public final class RenderHandler extends SqsBatchHandler {

    private final RenderMessages messages;
    private final LiquidEngine liquid;

    public RenderHandler() {
        this(Cairn.fromEnvironment());
        Priming.register(this);
    }

    public RenderHandler(Cairn cairn) {
        super(cairn, "render");
        this.liquid = new LiquidEngine();
        this.messages = cairn.renderMessages(liquid);
    }

    /** Every message renders: with liqp in the snapshot, a template outside the core compiles at once after a restore. */
    @Override
    protected void prime() {
        liquid.warmUp();
    }

    @Override
    protected Map<String, RuntimeException> handle(List<SQSEvent.SQSMessage> records, Context context) {
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        List<RenderMessages.Received> received = new ArrayList<>();
        for (SQSEvent.SQSMessage record : records) {
            try {
                received.add(new RenderMessages.Received(record.getMessageId(),
                        RenderMessage.fromJson(Messages.parse(record.getBody()))));
            } catch (RuntimeException e) {
                failed.put(record.getMessageId(), e);
            }
        }
        failed.putAll(messages.render(received));
        return failed;
    }
}
