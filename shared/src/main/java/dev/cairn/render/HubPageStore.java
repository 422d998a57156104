package dev.cairn.render;

import dev.cairn.aws.S3Bucket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Hub pages in the private, versioned S3 bucket, served through CloudFront. A page's key is {@code h/<token>.html}
 * where the token is 256 random bits: unguessable, and carrying no personal data.
 */
public final class HubPageStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The threads that store a batch's pages side by side; daemons, so that they never hold a JVM open. */
    private static final ExecutorService PUTS = Executors.newFixedThreadPool(5, task -> {
        Thread thread = new Thread(task, "hub-page-put");
        thread.setDaemon(true);
        return thread;
    });

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

    /** What storing one page gave: the id of its version, or why it failed. */
    public record Stored(String versionId, RuntimeException failure) {
    }

    /**
     * Pages {@link #put} at once, each PutObject waiting on S3 (tens of milliseconds) beside the others': a batch of
     * renders waits for its slowest few instead of the sum, and Lambda bills the wait. As many as the JDK keeps
     * connections alive to one host (its default, {@code http.maxConnections} 5), so that no put opens a new TLS
     * connection. Keys are all different, or the versions' order would be left to chance. Results in the pages' order.
     */
    public List<Stored> putAll(List<Page> pages) {
        List<Future<String>> puts = new ArrayList<>(pages.size());
        for (Page page : pages) {
            Callable<String> put = () -> put(page.key(), page.html());
            puts.add(pages.size() == 1 ? completed(put) : PUTS.submit(put));
        }
        List<Stored> stored = new ArrayList<>(pages.size());
        for (Future<String> put : puts) {
            try {
                stored.add(new Stored(put.get(), null));
            } catch (ExecutionException e) {
                stored.add(new Stored(null, e.getCause() instanceof RuntimeException failure ? failure
                        : new IllegalStateException("storing a hub page failed", e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stored.add(new Stored(null, new IllegalStateException("interrupted while storing a hub page", e)));
            }
        }
        return stored;
    }

    private static Future<String> completed(Callable<String> put) {
        FutureTask<String> task = new FutureTask<>(put);
        task.run();
        return task;
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
