package dev.cairn.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;

/** A JSON response. Errors carry a stable {@code code} and a human {@code message}. */
public record ApiResponse(int status, String body) {

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, Json.write(body));
    }

    public static ApiResponse error(int status, String code, String message) {
        return new ApiResponse(status, Json.write(Json.object().put("code", code).put("message", message)));
    }
}
