package dev.cairn.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RequestCounterTest {

    @Test
    void countsEachOperationOfEachService() {
        RequestCounter counter = new RequestCounter();
        try (DynamoDbClient dynamoDb = client(counter, new CannedHttpClient(200, 200, 200))) {
            dynamoDb.getItem(b -> b.tableName("t").key(Map.of("PK", AttributeValue.fromS("a"))));
            dynamoDb.getItem(b -> b.tableName("t").key(Map.of("PK", AttributeValue.fromS("b"))));
            dynamoDb.listTables();
        }

        assertEquals(Map.of(new RequestCounter.Operation("DynamoDb", "GetItem"), 2L,
                new RequestCounter.Operation("DynamoDb", "ListTables"), 1L), counter.snapshot());
    }

    @Test
    void countsRetriesBecauseEachAttemptIsBilled() {
        RequestCounter counter = new RequestCounter();
        try (DynamoDbClient dynamoDb = client(counter, new CannedHttpClient(500, 200))) {
            dynamoDb.listTables();
        }

        assertEquals(Map.of(new RequestCounter.Operation("DynamoDb", "ListTables"), 2L), counter.snapshot());
    }

    private static DynamoDbClient client(RequestCounter counter, SdkHttpClient http) {
        return DynamoDbClient.builder()
                .httpClient(http)
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:1"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(counter).build())
                .build();
    }

    /** Answers each request with the next status code, and an empty JSON body. */
    private static final class CannedHttpClient implements SdkHttpClient {
        private final Deque<Integer> statuses = new ArrayDeque<>();

        CannedHttpClient(Integer... statuses) {
            this.statuses.addAll(List.of(statuses));
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            int status = statuses.removeFirst();
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(status)
                                    .putHeader("Content-Length", Integer.toString(body.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                            .build();
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
