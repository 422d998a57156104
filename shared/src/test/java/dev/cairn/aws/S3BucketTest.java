package dev.cairn.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * S3Bucket's signing against AWS's published Signature Version 4 examples for S3 (moto accepts any signature, so
 * only a known answer proves it), and its retries and errors against canned answers (moto does not fail on
 * demand). Every operation against the emulator is exercised by local's S3ImportTest, CsvImportTest, ErasureTest
 * and EndToEndTest, through the functions.
 */
class S3BucketTest {

    private static final StaticCredentialsProvider EXAMPLE_CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    private static final Clock EXAMPLE_TIME = Clock.fixed(Instant.parse("2013-05-24T00:00:00Z"), ZoneOffset.UTC);

    /** "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", Amazon S3 API reference. */
    @Test
    void presignedGetMatchesAwsExample() {
        S3Bucket bucket = new S3Bucket(new CannedHttpClient(), EXAMPLE_CREDENTIALS, "us-east-1",
                URI.create("https://examplebucket.s3.amazonaws.com"), false, "examplebucket", new RequestCounter(),
                EXAMPLE_TIME);

        URI url = bucket.presignGet("test.txt", Duration.ofSeconds(86400));

        assertEquals("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-SignedHeaders=host"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=86400"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
                url.toString());
    }

    @Test
    void presignedPutSignsItsContentTypeAndAddressesBucketsByHostOnAws() {
        URI endpoint = S3Bucket.awsEndpoint("cairn-import", "eu-west-1");
        S3Bucket bucket = new S3Bucket(new CannedHttpClient(), EXAMPLE_CREDENTIALS, "eu-west-1", endpoint, false,
                "cairn-import", new RequestCounter(), EXAMPLE_TIME);

        String url = bucket.presignPut("uploads/imp 1/contacts.csv", "text/csv", Duration.ofMinutes(15)).toString();

        assertTrue(url.startsWith("https://cairn-import.s3.eu-west-1.amazonaws.com/uploads/imp%201/contacts.csv?"), url);
        assertTrue(url.contains("X-Amz-SignedHeaders=content-type%3Bhost"), url);
        assertTrue(url.contains("X-Amz-Expires=900"), url);
    }

    @Test
    void retriesServerErrorsCountingEachAttemptAndSignsThePayload() {
        CannedHttpClient http = new CannedHttpClient(
                new Canned(500, "<Error><Code>InternalError</Code><Message>try again</Message></Error>", Map.of()),
                new Canned(200, "", Map.of("ETag", "\"abc\"", "x-amz-version-id", "v2")));
        RequestCounter counter = new RequestCounter();
        S3Bucket bucket = new S3Bucket(http, EXAMPLE_CREDENTIALS, "us-east-1", URI.create("http://127.0.0.1:5000"),
                true, "hub", counter, Clock.systemUTC());

        S3Bucket.Stored stored = bucket.put("h/token.html", "<p>hi</p>".getBytes(StandardCharsets.UTF_8),
                "text/html; charset=utf-8", "private, max-age=60");

        assertEquals(new S3Bucket.Stored("\"abc\"", "v2"), stored);
        assertEquals(Map.of(new RequestCounter.Operation("S3", "PutObject"), 2L), counter.snapshot());
        SdkHttpRequest sent = http.sent.get(1);
        assertEquals("/hub/h/token.html", sent.encodedPath());
        assertEquals(List.of("private, max-age=60"), sent.headers().get("Cache-Control"));
        // S3 refuses a header-signed request without the payload's hash.
        assertEquals(List.of("0a4735281db700223af63abc387c351f64ea6961a1ef955631df08d96169e772"),
                sent.headers().get("x-amz-content-sha256"));
        assertTrue(sent.headers().get("Authorization").get(0).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/"));
    }

    @Test
    void anErrorNamesTheOperationBucketStatusAndCode() {
        CannedHttpClient http = new CannedHttpClient(new Canned(404,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                        + "<Message>The specified key does not exist.</Message></Error>", Map.of()));
        RequestCounter counter = new RequestCounter();
        S3Bucket bucket = new S3Bucket(http, EXAMPLE_CREDENTIALS, "us-east-1", URI.create("http://127.0.0.1:5000"),
                true, "imports", counter, Clock.systemUTC());

        S3Bucket.S3Exception e = assertThrows(S3Bucket.S3Exception.class, () -> bucket.open("uploads/x/accounts.csv"));

        assertEquals("S3 GetObject on bucket imports answered 404 NoSuchKey: The specified key does not exist.",
                e.getMessage());
        assertEquals("NoSuchKey", e.code());
        assertEquals(Map.of(new RequestCounter.Operation("S3", "GetObject"), 1L), counter.snapshot());
    }

    @Test
    void aCompletionThatFailsInsideA200IsAnError() {
        CannedHttpClient http = new CannedHttpClient(new Canned(200,
                "<Error><Code>InvalidPart</Code><Message>One or more of the specified parts could not be found.</Message></Error>",
                Map.of()));
        S3Bucket bucket = new S3Bucket(http, EXAMPLE_CREDENTIALS, "us-east-1", URI.create("http://127.0.0.1:5000"),
                true, "imports", new RequestCounter(), Clock.systemUTC());

        S3Bucket.S3Exception e = assertThrows(S3Bucket.S3Exception.class, () -> bucket.completeMultipartUpload(
                "imports/x/errors.csv", "upload-1", List.of(new S3Bucket.Part(1, "\"p1\""))));

        assertEquals("InvalidPart", e.code());
    }

    @Test
    void listsVersionsOverEveryPage() {
        CannedHttpClient http = new CannedHttpClient(
                new Canned(200, "<ListVersionsResult><IsTruncated>true</IsTruncated><NextKeyMarker>h/a.html</NextKeyMarker>"
                        + "<NextVersionIdMarker>v2</NextVersionIdMarker>"
                        + "<Version><Key>h/a.html</Key><VersionId>v1</VersionId></Version>"
                        + "<DeleteMarker><Key>h/a.html</Key><VersionId>v2</VersionId></DeleteMarker></ListVersionsResult>", Map.of()),
                new Canned(200, "<ListVersionsResult><IsTruncated>false</IsTruncated>"
                        + "<Version><Key>h/a.html</Key><VersionId>v3</VersionId></Version></ListVersionsResult>", Map.of()));
        S3Bucket bucket = new S3Bucket(http, EXAMPLE_CREDENTIALS, "us-east-1", URI.create("http://127.0.0.1:5000"),
                true, "hub", new RequestCounter(), Clock.systemUTC());

        assertEquals(List.of(new S3Bucket.Version("h/a.html", "v1", false), new S3Bucket.Version("h/a.html", "v2", true),
                new S3Bucket.Version("h/a.html", "v3", false)), bucket.versions("h/a.html"));
        assertEquals(List.of("h/a.html"), http.sent.get(1).rawQueryParameters().get("key-marker"));
        assertEquals(List.of("v2"), http.sent.get(1).rawQueryParameters().get("version-id-marker"));
    }

    private record Canned(int status, String body, Map<String, String> headers) {
    }

    /** Answers each request with the next canned answer, and keeps the requests sent. */
    private static final class CannedHttpClient implements SdkHttpClient {
        private final Deque<Canned> answers = new ArrayDeque<>();
        final List<SdkHttpRequest> sent = new ArrayList<>();

        CannedHttpClient(Canned... answers) {
            this.answers.addAll(List.of(answers));
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            sent.add(request.httpRequest());
            Canned answer = answers.removeFirst();
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                    SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(answer.status())
                            .putHeader("Content-Length", Integer.toString(body.length));
                    answer.headers().forEach(response::putHeader);
                    return HttpExecuteResponse.builder().response(response.build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
