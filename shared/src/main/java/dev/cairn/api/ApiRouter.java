package dev.cairn.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Routes a request to the route that declares its method and resource path, answering errors as JSON. */
public final class ApiRouter {

    private final Map<String, Function<ApiRequest, ApiResponse>> routes = new LinkedHashMap<>();

    @SafeVarargs
    public ApiRouter(Map<String, Function<ApiRequest, ApiResponse>>... routeSets) {
        for (Map<String, Function<ApiRequest, ApiResponse>> set : routeSets) {
            set.forEach((route, handler) -> {
                if (routes.put(route, handler) != null) {
                    throw new IllegalStateException("route declared twice: " + route);
                }
            });
        }
    }

    /** "METHOD /resource/{param}" of every route, as declared in template.yaml and docs/openapi.yaml. */
    public List<String> routes() {
        return List.copyOf(routes.keySet());
    }

    public ApiResponse handle(ApiRequest request) {
        Function<ApiRequest, ApiResponse> route = routes.get(request.method() + " " + request.resource());
        if (route == null) {
            return ApiResponse.error(404, "not_found", "no route for " + request.method() + " " + request.resource());
        }
        try {
            return route.apply(request);
        } catch (ApiException e) {
            return e.toResponse();
        }
    }
}
