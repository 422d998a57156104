package dev.cairn.render;

import java.security.SecureRandom;
import java.util.Base64;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Hub pages in the private S3 bucket, served through CloudFront. A page's key is {@code h/<token>.html} where the
 * token is 256 random bits: unguessable, and carrying no personal data.
 */
public final class HubPageStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final S3Client s3;
    private final String bucket;
    private final String baseUrl;

    public HubPageStore(S3Client s3, String bucket, String baseUrl) {
        this.s3 = s3;
        this.bucket = bucket;
        this.baseUrl = baseUrl;
    }

    public static String newKey() {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return "h/" + Base64.getUrlEncoder().withoutPadding().encodeToString(token) + ".html";
    }

    public void put(String key, String html) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/html; charset=utf-8")
                .cacheControl("private, max-age=60"), RequestBody.fromString(html));
    }

    /** Deletes every stored version of a page: the bucket keeps replaced versions for a week, an erasure must not. */
    public void delete(String key) {
        var versions = s3.listObjectVersions(b -> b.bucket(bucket).prefix(key));
        versions.versions().stream().filter(v -> v.key().equals(key))
                .forEach(v -> s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(v.versionId())));
        versions.deleteMarkers().stream().filter(m -> m.key().equals(key))
                .forEach(m -> s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(m.versionId())));
    }

    public String url(String key) {
        return baseUrl + "/" + key;
    }
}
