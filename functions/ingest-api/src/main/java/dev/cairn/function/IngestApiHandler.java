package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.cairn.Cairn;
import dev.cairn.api.ApiRequest;
import dev.cairn.api.ApiResponse;
import dev.cairn.api.ApiRouter;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.PrimedHandler;
import java.util.Map;

/** The REST API for ingestion and programs (API Gateway proxy integration). */
public final class IngestApiHandler extends PrimedHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json; charset=utf-8");

    private final ApiRouter api;

    public IngestApiHandler() {
        this(Cairn.fromEnvironment());
        Priming.register(this);
    }

    public IngestApiHandler(Cairn cairn) {
        super(cairn);
        this.api = cairn.api();
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        ApiRequest request = new ApiRequest(event.getHttpMethod(), event.getResource(), event.getPathParameters(),
                event.getHeaders(), event.getBody(), event.getQueryStringParameters());
        ApiResponse response;
        try {
            response = api.handle(request);
        } catch (RuntimeException e) {
            Log.error("ingest-api", "request failed", e, "route", event.getHttpMethod() + " " + event.getResource());
            response = ApiResponse.error(500, "internal_error", "the request could not be completed; nothing"
                    + " reported as accepted in an earlier response is lost, and it is safe to send it again");
        }
        return new APIGatewayProxyResponseEvent().withStatusCode(response.status()).withHeaders(JSON_HEADERS)
                .withBody(response.body());
    }
}
