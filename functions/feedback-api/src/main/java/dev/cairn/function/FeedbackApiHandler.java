package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.cairn.Cairn;
import dev.cairn.api.ApiRequest;
import dev.cairn.api.FeedbackApi;
import dev.cairn.api.PageResponse;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.PrimedHandler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The public feedback API (API Gateway proxy integration, no API key): tracked redirects, poll answers and
 * unsubscribes from emails and hub pages, each authorised by the signed token in its path.
 */
public final class FeedbackApiHandler extends PrimedHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final FeedbackApi api;

    public FeedbackApiHandler() {
        this(Cairn.fromEnvironment());
        Priming.register(this);
    }

    public FeedbackApiHandler(Cairn cairn) {
        super(cairn);
        this.api = cairn.feedbackApi();
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String body = event.getBody();
        if (body != null && Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        ApiRequest request = new ApiRequest(event.getHttpMethod(), event.getResource(), event.getPathParameters(),
                event.getHeaders(), body);
        PageResponse response;
        try {
            response = api.handle(request);
        } catch (RuntimeException e) {
            Log.error("feedback-api", "request failed", e, "route", event.getHttpMethod() + " " + event.getResource());
            response = api.failed();
        }
        return new APIGatewayProxyResponseEvent().withStatusCode(response.status()).withHeaders(response.headers())
                .withBody(response.body());
    }
}
