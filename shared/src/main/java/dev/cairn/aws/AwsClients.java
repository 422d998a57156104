package dev.cairn.aws;

import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
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
    private final SdkHttpClient httpClient;
    private volatile DynamoDbClient dynamoDb;
    private volatile SqsClient sqs;
    private volatile SesV2Client ses;
    private volatile S3Client s3;
    private volatile AwsCredentialsProvider credentials;
    private volatile String region;

    public AwsClients(List<ExecutionInterceptor> interceptors) {
        this(interceptors, UrlConnectionHttpClient.builder().build());
    }

    /**
     * {@code httpClient} carries every request, the SDK clients' and the signed ones' ({@link #signedHttp}): the
     * local runtime wraps the URL-connection client to see what the functions send.
     */
    public AwsClients(List<ExecutionInterceptor> interceptors, SdkHttpClient httpClient) {
        this.httpClient = httpClient;
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

    /** The SDK's SQS client: for the local runtime and tests only. Functions use {@code SqsApi}. */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = SqsClient.builder().httpClient(httpClient).overrideConfiguration(overrides()).build();
        }
        return sqs;
    }

    /**
     * The SDK's SESv2 client: for the local runtime and tests only (identities, configuration sets). deliver sends
     * with {@link #signedHttp} ({@code Mailer}).
     */
    public synchronized SesV2Client ses() {
        if (ses == null) {
            ses = SesV2Client.builder().httpClient(httpClient).overrideConfiguration(overrides()).build();
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
        resolveCredentialsAndRegion();
        // Emulators serve buckets by path, AWS by virtual host.
        java.net.URI endpoint = customEndpoint().orElseGet(() -> S3Bucket.awsEndpoint(bucket, region));
        return new S3Bucket(httpClient, credentials, region, endpoint, usesCustomEndpoint(), bucket, requests,
                Clock.systemUTC());
    }

    /**
     * Signed requests to a service without its SDK client (docs/performance.md, 5b), on this instance's HTTP
     * client, credentials and region, counted in {@link #requests()} as {@code <service>.<Operation>}.
     */
    public synchronized SignedHttp signedHttp(String service, String signingName) {
        resolveCredentialsAndRegion();
        return new SignedHttp(httpClient, credentials, region, service, signingName, requests, Clock.systemUTC());
    }

    /** AWS_ENDPOINT_URL (an emulator) if set, else the service's regional endpoint {@code https://<host>.<region>.<domain>}. */
    public synchronized java.net.URI endpoint(String host) {
        resolveCredentialsAndRegion();
        return customEndpoint().orElseGet(() -> java.net.URI.create("https://" + host + "." + region + "."
                + PartitionMetadata.of(Region.of(region)).dnsSuffix()));
    }

    private void resolveCredentialsAndRegion() {
        if (credentials == null) {
            credentials = DefaultCredentialsProvider.builder().build();
            region = new DefaultAwsRegionProviderChain().getRegion().id();
        }
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
