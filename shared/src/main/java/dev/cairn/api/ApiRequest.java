package dev.cairn.api;

import java.util.Map;

/** An HTTP request as the API layer sees it, independent of API Gateway's event classes. */
public record ApiRequest(String method, String resource, Map<String, String> pathParameters,
                         Map<String, String> headers, String body) {

    public String pathParameter(String name) {
        return pathParameters == null ? null : pathParameters.get(name);
    }

    public String header(String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
