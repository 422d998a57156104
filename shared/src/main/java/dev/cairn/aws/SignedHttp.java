package dev.cairn.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * Requests to one AWS service without its SDK client: signed with Signature Version 4 on the SDK's signer, sent on
 * the HTTP client the DynamoDB client already uses, each attempt counted in the {@link RequestCounter} as
 * {@code <service>.<Operation>}, retried with jittered back-off while the caller says an answer may succeed on
 * another attempt. {@link S3Bucket}, {@code Mailer} (SES) and {@link SqsApi} use it: the SDK's S3, SESv2 and SQS
 * clients would put functions over, or near, the 15 MB deployment target, and cost their cold starts the clients'
 * construction and each operation's first use (docs/performance.md, 5a and 5b).
 */
public final class SignedHttp {

    /** A 2xx answer: its headers and body, which the caller closes. */
    public record Answer(Map<String, List<String>> headers, InputStream body) implements AutoCloseable {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // The answer was read; a failed close of its connection changes nothing.
            }
        }
    }

    /** What an answer outside 2xx means: the exception the call raises, and whether another attempt may succeed. */
    public record Failure(RuntimeException exception, boolean retryable) {
    }

    /** Reads an answer outside 2xx: its status, headers and the first 64 KiB of its body (empty when it has none). */
    @FunctionalInterface
    public interface Failures {
        Failure of(int status, Map<String, List<String>> headers, byte[] body);
    }

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final SdkHttpClient http;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final String region;
    private final String service;
    private final String signingName;
    private final RequestCounter requests;
    private final Clock clock;

    /**
     * @param service     the service's name in the request counter, as the SDK names it ({@code S3}, {@code SesV2})
     * @param signingName the service's name in signatures ({@code s3}, {@code ses})
     * @param clock       the clock signatures are dated by: the system's, never an application clock moved by tests
     */
    public SignedHttp(SdkHttpClient http, IdentityProvider<? extends AwsCredentialsIdentity> credentials, String region,
                      String service, String signingName, RequestCounter requests, Clock clock) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.service = service;
        this.signingName = signingName;
        this.requests = requests;
        this.clock = clock;
    }

    /** A request to {@code encodedPath} (starting with "/") under the endpoint, and under its own path if it has one. */
    public static SdkHttpFullRequest.Builder request(SdkHttpMethod method, URI endpoint, String encodedPath) {
        String base = endpoint.getRawPath() == null || endpoint.getRawPath().equals("/") ? "" : endpoint.getRawPath();
        return SdkHttpFullRequest.builder().method(method).protocol(endpoint.getScheme()).host(endpoint.getHost())
                .port(endpoint.getPort() == -1 ? null : endpoint.getPort()).encodedPath(base + encodedPath);
    }

    /** A URL signed in its query string that lets its holder make the request until it expires; none is made. */
    public URI presign(SdkHttpFullRequest request, Duration lifetime) {
        // Over an unsigned payload, as the SDK's S3 presigner does.
        return SIGNER.sign(r -> signing(r.request(request))
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, lifetime)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)).request().getUri();
    }

    /** The request signed in its headers, over its body's hash ({@code body} null: none). */
    private SignedRequest sign(SdkHttpFullRequest request, byte[] body) {
        ContentStreamProvider payload = body == null ? null : ContentStreamProvider.fromByteArrayUnsafe(body);
        return SIGNER.sign(r -> signing(r.request(request).payload(payload)));
    }

    private SignRequest.Builder<AwsCredentialsIdentity> signing(SignRequest.Builder<AwsCredentialsIdentity> request) {
        request.identity(credentials.resolveIdentity().join())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock);
        if (signingName.equals("s3")) {
            // S3 signs object keys as they are sent; other services' paths are normalised and encoded twice.
            request.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false).putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false);
        }
        return request;
    }

    /**
     * Sends the request, up to {@code attempts} times while the answer is a failure that {@code failures} calls
     * retryable or the connection breaks, and returns the 2xx answer; otherwise raises the failure's exception.
     * {@code about} completes error messages ("on bucket imports"; empty for none).
     */
    public Answer send(String operation, SdkHttpFullRequest.Builder builder, byte[] body, int attempts, String about,
                       Failures failures) {
        if (body != null) {
            builder.putHeader("Content-Length", Integer.toString(body.length));
        }
        SdkHttpFullRequest unsigned = builder.build();
        String what = service + " " + operation + (about.isEmpty() ? "" : " " + about);
        for (int attempt = 1; ; attempt++) {
            // Signed per attempt: the signature carries the time.
            SignedRequest signed = sign(unsigned, body);
            requests.count(service, operation);
            HttpExecuteResponse response;
            try {
                response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                        .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            } catch (IOException e) {
                if (attempt < attempts) {
                    backOff(attempt, what);
                    continue;
                }
                throw new UncheckedIOException(what + " got no answer (" + attempts + (attempts == 1 ? " attempt)" : " attempts)"), e);
            }
            int status = response.httpResponse().statusCode();
            InputStream stream = response.responseBody().map(InputStream.class::cast)
                    .orElseGet(() -> new ByteArrayInputStream(new byte[0]));
            if (status / 100 == 2) {
                return new Answer(response.httpResponse().headers(), stream);
            }
            Failure failure = failures.of(status, response.httpResponse().headers(), errorBody(stream));
            if (failure.retryable() && attempt < attempts) {
                backOff(attempt, what);
                continue;
            }
            throw failure.exception();
        }
    }

    private static byte[] errorBody(InputStream stream) {
        try (stream) {
            return stream.readNBytes(ERROR_BODY_LIMIT);
        } catch (IOException e) {
            return new byte[0]; // The status still says what happened.
        }
    }

    private static void backOff(int attempt, String what) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(50L << attempt, 100L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry " + what, e);
        }
    }
}
