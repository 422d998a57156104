package dev.cairn.aws;

import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place that builds SDK clients. Region, credentials and endpoint come from the SDK's standard
 * resolution (AWS_REGION, AWS_ENDPOINT_URL, ...), so pointing AWS_ENDPOINT_URL at an emulator redirects every
 * client. Clients are built lazily and kept for the life of the execution environment. Every client counts its
 * requests in {@link #requests()}.
 */
public final class AwsClients {

    private static volatile AwsClients environmentClients;

    private final RequestCounter requests = new RequestCounter();
    private final List<ExecutionInterceptor> interceptors;
    private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder().build();
    private volatile DynamoDbClient dynamoDb;
    private volatile SqsClient sqs;
    private volatile SesV2Client ses;
    private volatile S3Client s3;
    private volatile AwsCredentialsProvider credentials;
    private volatile String region;

    public AwsClients(List<ExecutionInterceptor> interceptors) {
        List<ExecutionInterceptor> all = new java.util.ArrayList<>(interceptors.size() + 1);
        all.add(requests);
        all.addAll(interceptors);
        this.interceptors = List.copyOf(all);
    }

    /** The requests every client of this instance has sent, per service and operation. */
    public RequestCounter requests() {
        return requests;
    }

    /** The clients of this execution environment, shared by every handler instance in it. */
    public static AwsClients forEnvironment() {
        AwsClients clients = environmentClients;
        if (clients == null) {
            synchronized (AwsClients.class) {
                if (environmentClients == null) {
                    environmentClients = new AwsClients(List.of());
                }
                clients = environmentClients;
            }
        }
        return clients;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = DynamoDbClient.builder().httpClient(httpClient).overrideConfiguration(overrides()).build();
        }
        return dynamoDb;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = SqsClient.builder().httpClient(httpClient).overrideConfiguration(overrides()).build();
        }
        return sqs;
    }

    public synchronized SesV2Client ses() {
        if (ses == null) {
            // No retries inside the call: a throttled or failed send goes back through the deliver queue, which
            // releases the delivery claim and retries later, instead of holding the invocation (docs/operations.md).
            ses = SesV2Client.builder().httpClient(httpClient).overrideConfiguration(overrides().toBuilder()
                    .retryStrategy(AwsRetryStrategy.doNotRetry()).build()).build();
        }
        return ses;
    }

    /** The SDK's S3 client: for the local runtime and tests only. Functions use {@link #s3Bucket}. */
    public synchronized S3Client s3() {
        if (s3 == null) {
            // Emulators serve buckets by path, not by virtual host.
            s3 = S3Client.builder().httpClient(httpClient).overrideConfiguration(overrides())
                    .forcePathStyle(usesCustomEndpoint()).build();
        }
        return s3;
    }

    /**
     * What the functions call S3 with (docs/performance.md, 5b): signed requests on this instance's HTTP client,
     * credentials and region, counted in {@link #requests()}; no SDK S3 client is built or packaged.
     */
    public synchronized S3Bucket s3Bucket(String bucket) {
        if (credentials == null) {
            credentials = DefaultCredentialsProvider.builder().build();
            region = new DefaultAwsRegionProviderChain().getRegion().id();
        }
        // Emulators serve buckets by path, AWS by virtual host.
        java.net.URI endpoint = customEndpoint().orElseGet(() -> S3Bucket.awsEndpoint(bucket, region));
        return new S3Bucket(httpClient, credentials, region, endpoint, usesCustomEndpoint(), bucket, requests,
                Clock.systemUTC());
    }

    private static java.util.Optional<java.net.URI> customEndpoint() {
        String env = System.getenv("AWS_ENDPOINT_URL");
        String value = env != null && !env.isBlank() ? env : System.getProperty("aws.endpointUrl");
        return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(java.net.URI.create(value));
    }

    public static boolean usesCustomEndpoint() {
        String env = System.getenv("AWS_ENDPOINT_URL");
        String property = System.getProperty("aws.endpointUrl");
        return (env != null && !env.isBlank()) || (property != null && !property.isBlank());
    }

    private ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder().executionInterceptors(interceptors).build();
    }
}
