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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.crac.Resource;

/**
 * The public feedback API (API Gateway proxy integration, no API key): tracked redirects, poll answers and
 * unsubscribes from emails and hub pages, each authorised by the signed token in its path.
 */
public final class FeedbackApiHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {

    private final Cairn cairn;
    private final FeedbackApi api;

    public FeedbackApiHandler() {
        this(Cairn.fromEnvironment());
        Priming.register(this);
    }

    public FeedbackApiHandler(Cairn cairn) {
        this.cairn = cairn;
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

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming.prime(cairn);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: clients resolve credentials and connections on use.
    }
}
