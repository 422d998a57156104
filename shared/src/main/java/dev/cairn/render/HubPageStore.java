package dev.cairn.render;

import dev.cairn.aws.S3Bucket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Hub pages in the private S3 bucket, served through CloudFront. A page's key is {@code h/<token>.html} where the
 * token is 256 random bits: unguessable, and carrying no personal data.
 */
public final class HubPageStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final S3Bucket bucket;
    private final String baseUrl;

    public HubPageStore(S3Bucket bucket, String baseUrl) {
        this.bucket = bucket;
        this.baseUrl = baseUrl;
    }

    public static String newKey() {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return "h/" + Base64.getUrlEncoder().withoutPadding().encodeToString(token) + ".html";
    }

    public void put(String key, String html) {
        bucket.put(key, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", "private, max-age=60");
    }

    /** Deletes every stored version of a page: the bucket keeps replaced versions for a week, an erasure must not. */
    public void delete(String key) {
        for (S3Bucket.Version version : bucket.versions(key)) {
            if (version.key().equals(key)) {
                bucket.delete(key, version.versionId());
            }
        }
    }

    public String url(String key) {
        return baseUrl + "/" + key;
    }
}
