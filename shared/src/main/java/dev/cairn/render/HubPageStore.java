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

    public String url(String key) {
        return baseUrl + "/" + key;
    }
}
