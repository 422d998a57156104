package dev.cairn.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * SignedHttp's header signing of a request with a body, as deliver's SendEmail is signed (a POST whose signature
 * covers the body's hash and length), against a published known answer. moto accepts any signature, so only a
 * known answer proves it; S3BucketTest covers S3's variant (paths signed as sent).
 */
class SignedHttpTest {

    /**
     * "post-x-www-form-urlencoded" of AWS's Signature Version 4 test suite, in the variant that signs the body's
     * hash ({@code x-amz-content-sha256}) and length, as the AWS Common Runtime's copy of the suite (aws-c-auth)
     * publishes it: the SDK's signer adds the hash header, and {@code send} the length, before signing.
     */
    @Test
    void aSignedPostMatchesTheTestSuite() {
        List<SdkHttpRequest> sent = new ArrayList<>();
        SdkHttpClient http = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                sent.add(request.httpRequest());
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        return HttpExecuteResponse.builder().response(SdkHttpResponse.builder().statusCode(200).build())
                                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(new byte[0]))).build();
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        RequestCounter counter = new RequestCounter();
        SignedHttp signed = new SignedHttp(http, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
                "us-east-1", "Service", "service", counter, Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC));
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).protocol("https")
                .host("example.amazonaws.com").encodedPath("/")
                .putHeader("Content-Type", "application/x-www-form-urlencoded");

        signed.send("Post", request, "Param1=value1".getBytes(StandardCharsets.UTF_8), 1, "", (status, headers, body) -> {
            throw new AssertionError("answered " + status);
        }).close();

        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                        + " SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date,"
                        + " Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b",
                sent.get(0).firstMatchingHeader("Authorization").orElseThrow());
        assertEquals("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
                sent.get(0).firstMatchingHeader("x-amz-content-sha256").orElseThrow());
        assertEquals(Map.of(new RequestCounter.Operation("Service", "Post"), 1L), counter.snapshot());
    }
}
