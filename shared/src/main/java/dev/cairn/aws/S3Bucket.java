package dev.cairn.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The few S3 operations Cairn's functions make on one bucket, as signed REST calls ({@link SignedHttp}: the SDK's
 * SigV4 signer and HTTP client). The SDK's S3 client is 4.6 MB of jars and would put three functions over the 15 MB deployment target
 * (docs/performance.md, 5b); these calls need none of it. Every attempt is counted in the {@link RequestCounter} as
 * {@code S3.<Operation>}. Server errors, throttling and broken connections are retried twice with jittered backoff;
 * any other answer outside 2xx is an {@link S3Exception} naming the operation, the bucket, the status and S3's code.
 */
public final class S3Bucket {

    /** An object as stored: its ETag and, in a versioned bucket, its version id (else null). */
    public record Stored(String eTag, String versionId) {
    }

    /** One version of a key, or a delete marker, as ListObjectVersions lists it. */
    public record Version(String key, String versionId, boolean deleteMarker) {
    }

    /** A part uploaded to a multipart upload. */
    public record Part(int number, String eTag) {
    }

    /** S3 answered outside 2xx (after retries, for the retried statuses). */
    public static final class S3Exception extends RuntimeException {
        private final int status;
        private final String code;

        S3Exception(String operation, String bucket, int status, String code, String message) {
            super("S3 " + operation + " on bucket " + bucket + " answered " + status + " " + code
                    + (message.isEmpty() ? "" : ": " + message));
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        /** S3's error code ({@code NoSuchKey}, {@code AccessDenied}, ...), or the HTTP status when it sent none. */
        public String code() {
            return code;
        }
    }

    private static final int ATTEMPTS = 3;

    private final SignedHttp http;
    private final URI endpoint;
    private final boolean pathStyle;
    private final String bucket;

    /**
     * @param endpoint  where requests go: {@link #awsEndpoint} on AWS, or an emulator's endpoint
     * @param pathStyle whether the bucket is addressed by path ({@code <endpoint>/<bucket>/<key>}, as emulators
     *                  serve it) rather than by the endpoint's host
     * @param clock     the clock signatures are dated by: the system's, never an application clock moved by tests
     */
    public S3Bucket(SdkHttpClient http, IdentityProvider<? extends AwsCredentialsIdentity> credentials, String region,
                    URI endpoint, boolean pathStyle, String bucket, RequestCounter requests, Clock clock) {
        this.http = new SignedHttp(http, credentials, region, "S3", "s3", requests, clock);
        this.endpoint = endpoint;
        this.pathStyle = pathStyle;
        this.bucket = bucket;
    }

    /** A bucket's virtual-hosted endpoint on AWS: {@code https://<bucket>.s3.<region>.<partition's domain>}. */
    public static URI awsEndpoint(String bucket, String region) {
        return URI.create("https://" + bucket + ".s3." + region + "." + PartitionMetadata.of(Region.of(region)).dnsSuffix());
    }

    /** PutObject; returns the new object's ETag and version id. */
    public Stored put(String key, byte[] body, String contentType, String cacheControl) {
        SdkHttpFullRequest.Builder request = request(SdkHttpMethod.PUT, key).putHeader("Content-Type", contentType);
        if (cacheControl != null) {
            request.putHeader("Cache-Control", cacheControl);
        }
        try (SignedHttp.Answer answer = send("PutObject", request, body)) {
            return new Stored(answer.header("ETag"), answer.header("x-amz-version-id"));
        }
    }

    /** GetObject, streamed: the caller reads and closes the stream. */
    public InputStream open(String key) {
        SignedHttp.Answer answer = send("GetObject", request(SdkHttpMethod.GET, key), null);
        return answer.body();
    }

    /** GetObject, read whole: for small objects only. */
    public byte[] read(String key) {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("S3 GetObject on bucket " + bucket + ": the object could not be read", e);
        }
    }

    /** DeleteObject of the current version, or of one version when {@code versionId} is not null. */
    public void delete(String key, String versionId) {
        SdkHttpFullRequest.Builder request = request(SdkHttpMethod.DELETE, key);
        if (versionId != null) {
            request.putRawQueryParameter("versionId", versionId);
        }
        send("DeleteObject", request, null).close();
    }

    /** ListObjectVersions under a prefix: every version and delete marker, over as many pages as S3 answers. */
    public List<Version> versions(String prefix) {
        List<Version> versions = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            SdkHttpFullRequest.Builder request = request(SdkHttpMethod.GET, null)
                    .putRawQueryParameter("versions", "").putRawQueryParameter("prefix", prefix);
            if (keyMarker != null) {
                request.putRawQueryParameter("key-marker", keyMarker);
                request.putRawQueryParameter("version-id-marker", versionMarker);
            }
            Element result = sendForXml("ListObjectVersions", request, null);
            for (Element entry : children(result)) {
                if (entry.getTagName().equals("Version") || entry.getTagName().equals("DeleteMarker")) {
                    versions.add(new Version(text(entry, "Key"), text(entry, "VersionId"),
                            entry.getTagName().equals("DeleteMarker")));
                }
            }
            if (!"true".equals(text(result, "IsTruncated"))) {
                return versions;
            }
            keyMarker = text(result, "NextKeyMarker");
            versionMarker = text(result, "NextVersionIdMarker");
        }
    }

    /** CreateMultipartUpload; returns the upload id. */
    public String createMultipartUpload(String key, String contentType) {
        SdkHttpFullRequest.Builder request = request(SdkHttpMethod.POST, key).putRawQueryParameter("uploads", "")
                .putHeader("Content-Type", contentType);
        return text(sendForXml("CreateMultipartUpload", request, null), "UploadId");
    }

    /** UploadPart; parts other than the last must be at least 5 MiB. */
    public Part uploadPart(String key, String uploadId, int number, byte[] body) {
        SdkHttpFullRequest.Builder request = request(SdkHttpMethod.PUT, key)
                .putRawQueryParameter("partNumber", Integer.toString(number)).putRawQueryParameter("uploadId", uploadId);
        try (SignedHttp.Answer answer = send("UploadPart", request, body)) {
            return new Part(number, answer.header("ETag"));
        }
    }

    /** CompleteMultipartUpload of the parts, in order. */
    public void completeMultipartUpload(String key, String uploadId, List<Part> parts) {
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        for (Part part : parts) {
            xml.append("<Part><PartNumber>").append(part.number()).append("</PartNumber><ETag>")
                    .append(part.eTag().replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;"))
                    .append("</ETag></Part>");
        }
        xml.append("</CompleteMultipartUpload>");
        SdkHttpFullRequest.Builder request = request(SdkHttpMethod.POST, key).putRawQueryParameter("uploadId", uploadId)
                .putHeader("Content-Type", "application/xml");
        // S3 may answer 200 and still fail the completion: the error is then the body.
        Element result = sendForXml("CompleteMultipartUpload", request, xml.toString().getBytes(StandardCharsets.UTF_8));
        if (result.getTagName().equals("Error")) {
            throw new S3Exception("CompleteMultipartUpload", bucket, 200, text(result, "Code"), text(result, "Message"));
        }
    }

    /** A URL that lets its holder PUT the object (sending this content type) until it expires; no request is made. */
    public URI presignPut(String key, String contentType, Duration lifetime) {
        return presign(request(SdkHttpMethod.PUT, key).putHeader("Content-Type", contentType), lifetime);
    }

    /** A URL that lets its holder GET the object until it expires; no request is made. */
    public URI presignGet(String key, Duration lifetime) {
        return presign(request(SdkHttpMethod.GET, key), lifetime);
    }

    private URI presign(SdkHttpFullRequest.Builder request, Duration lifetime) {
        return http.presign(request.build(), lifetime);
    }

    /** A request on the bucket ({@code key} null) or on one of its objects. */
    private SdkHttpFullRequest.Builder request(SdkHttpMethod method, String key) {
        String path = (pathStyle ? "/" + SdkHttpUtils.urlEncode(bucket) : "")
                + (key == null ? "/" : "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key));
        return SignedHttp.request(method, endpoint, path);
    }

    private SignedHttp.Answer send(String operation, SdkHttpFullRequest.Builder request, byte[] body) {
        return http.send(operation, request, body, ATTEMPTS, "on bucket " + bucket, (status, headers, answer) -> {
            Element error = errorOf(answer);
            String code = error == null ? null : text(error, "Code");
            String message = error == null ? null : text(error, "Message");
            return new SignedHttp.Failure(new S3Exception(operation, bucket, status,
                    code == null ? Integer.toString(status) : code, message == null ? "" : message),
                    status >= 500 || status == 429 || "SlowDown".equals(code));
        });
    }

    private Element sendForXml(String operation, SdkHttpFullRequest.Builder request, byte[] body) {
        try (SignedHttp.Answer answer = send(operation, request, body)) {
            return parse(answer.body().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("S3 " + operation + " on bucket " + bucket + ": the answer could not be read", e);
        }
    }

    /** The error document of an answer outside 2xx, or null when it has none (HEAD, or a proxy's page). */
    private static Element errorOf(byte[] answer) {
        try {
            return answer.length == 0 ? null : parse(answer);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static Element parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // S3's answers have no DTD; refusing one rules out entity expansion and external fetches.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            Document document = builder.parse(new ByteArrayInputStream(xml));
            return document.getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("S3 answered with XML that does not parse: " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                elements.add((Element) nodes.item(i));
            }
        }
        return elements;
    }

    /** The text of a direct child element, or null when there is none. */
    private static String text(Element parent, String name) {
        for (Element child : children(parent)) {
            if (child.getTagName().equals(name)) {
                return child.getTextContent();
            }
        }
        return null;
    }
}
