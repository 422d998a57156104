package dev.cairn.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * An HTTP client that shows an observer the requests it carries that match, with their bodies and answers, as they
 * went over the wire: how the local runtime and tests see what the functions sent, SDK clients' requests and their
 * own signed ones alike.
 */
final class HttpObserver implements SdkHttpClient {

    /** One request and its answer; {@code sent} and {@code answer} are the bodies (empty when none). */
    @FunctionalInterface
    interface Exchange {
        void seen(SdkHttpRequest request, byte[] sent, int status, byte[] answer) throws IOException;
    }

    private final SdkHttpClient http;
    private final Predicate<SdkHttpRequest> which;
    private final Exchange observer;

    HttpObserver(SdkHttpClient http, Predicate<SdkHttpRequest> which, Exchange observer) {
        this.http = http;
        this.which = which;
        this.observer = observer;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest call = http.prepareRequest(request);
        if (!which.test(request.httpRequest())) {
            return call;
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                HttpExecuteResponse response = call.call();
                byte[] answer = new byte[0];
                if (response.responseBody().isPresent()) {
                    try (InputStream in = response.responseBody().get()) {
                        answer = in.readAllBytes();
                    }
                }
                byte[] sent = new byte[0];
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        sent = in.readAllBytes();
                    }
                }
                observer.seen(request.httpRequest(), sent, response.httpResponse().statusCode(), answer);
                return HttpExecuteResponse.builder().response(response.httpResponse())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer))).build();
            }

            @Override
            public void abort() {
                call.abort();
            }
        };
    }

    @Override
    public String clientName() {
        return http.clientName();
    }

    @Override
    public void close() {
        http.close();
    }
}
