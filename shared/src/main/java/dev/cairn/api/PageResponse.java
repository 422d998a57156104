package dev.cairn.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response of the public feedback API: a small HTML page or a redirect, never cached, indexed or sent on as a
 * referrer (the URLs carry tokens).
 */
public record PageResponse(int status, Map<String, String> headers, String body) {

    private static final Map<String, String> COMMON = Map.of(
            "Cache-Control", "no-store",
            "Referrer-Policy", "no-referrer",
            "X-Robots-Tag", "noindex, nofollow",
            "X-Content-Type-Options", "nosniff");

    /** No scripts, images or external requests; forms post only back to this API. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
            + " base-uri 'none'; frame-ancestors 'none'";

    public static PageResponse html(int status, String html) {
        Map<String, String> headers = new LinkedHashMap<>(COMMON);
        headers.put("Content-Type", "text/html; charset=utf-8");
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        return new PageResponse(status, Map.copyOf(headers), html);
    }

    public static PageResponse redirect(String location) {
        Map<String, String> headers = new LinkedHashMap<>(COMMON);
        headers.put("Location", location);
        return new PageResponse(302, Map.copyOf(headers), "");
    }
}
