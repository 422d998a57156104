package dev.cairn.render;

import dev.cairn.aws.S3Bucket;
import dev.cairn.aws.SideBySide;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Hub pages in the private, versioned S3 bucket, served through CloudFront. A page's key is {@code h/<token>.html}
 * where the token is 256 random bits: unguessable, and carrying no personal data.
 */
public final class HubPageStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final S3Bucket bucket;
    private final String baseUrl;
    private final SideBySide sideBySide = new SideBySide("hub-page-put");

    public HubPageStore(S3Bucket bucket, String baseUrl) {
        this.bucket = bucket;
        this.baseUrl = baseUrl;
    }

    public static String newKey() {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return "h/" + Base64.getUrlEncoder().withoutPadding().encodeToString(token) + ".html";
    }

    /**
     * Stores a page as the current version of its key and returns S3's id of that version: the bucket is versioned,
     * and each version stays readable as an earlier review ({@link #url(String, String)}).
     */
    public String put(String key, String html) {
        String versionId = bucket.put(key, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8",
                "private, max-age=60").versionId();
        if (versionId == null || versionId.isEmpty() || versionId.equals("null")) {
            throw new IllegalStateException("the hub bucket returned no version id: its versioning must be enabled");
        }
        return versionId;
    }

    /** A page to store under its key. */
    public record Page(String key, String html) {
    }

    /**
     * Pages {@link #put} side by side ({@link SideBySide}); returns each one's version id, or why it failed, in the
     * pages' order. Keys are all different, or the versions' order would be left to chance.
     */
    public List<SideBySide.Outcome<String>> putAll(List<Page> pages) {
        List<Callable<String>> puts = new ArrayList<>(pages.size());
        pages.forEach(page -> puts.add(() -> put(page.key(), page.html())));
        return sideBySide.all(puts);
    }

    /** Deletes every stored version of a page (each an earlier review) and its delete markers; returns how many versions. */
    public int delete(String key) {
        int deleted = 0;
        for (S3Bucket.Version version : bucket.versions(key)) {
            if (version.key().equals(key)) {
                bucket.delete(key, version.versionId());
                deleted += version.deleteMarker() ? 0 : 1;
            }
        }
        return deleted;
    }

    /** The page's current version. */
    public String url(String key) {
        return baseUrl + "/" + key;
    }

    /** One stored version of the page, which S3 (and CloudFront, which forwards only this parameter) serves as it was. */
    public String url(String key, String versionId) {
        return url(key) + "?versionId=" + URLEncoder.encode(versionId, StandardCharsets.UTF_8);
    }
}
