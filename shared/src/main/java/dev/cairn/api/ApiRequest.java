package dev.cairn.api;

import java.util.Map;

/** An HTTP request as the API layer sees it, independent of API Gateway's event classes. */
public record ApiRequest(String method, String resource, Map<String, String> pathParameters,
                         Map<String, String> headers, String body, Map<String, String> queryParameters) {

    public ApiRequest(String method, String resource, Map<String, String> pathParameters, Map<String, String> headers,
                      String body) {
        this(method, resource, pathParameters, headers, body, Map.of());
    }

    /** A query string parameter, or null when absent or empty. */
    public String queryParameter(String name) {
        String value = queryParameters == null ? null : queryParameters.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

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
