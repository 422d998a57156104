package dev.cairn.render.fields;

import java.util.List;
import java.util.Map;

/**
 * One member of a scope an aggregate or leaderboard runs over: a contact of the team or account, or an account of
 * the segment, plan or whole customer base.
 *
 * @param id         the contact or account id (never shown; identifies "you" in a leaderboard)
 * @param label      how a leaderboard names this peer (first name and initial, or the account name)
 * @param attributes the stored attributes, custom ones included as {@code custom.<name>}
 * @param metrics    the peer's metric history by metric name, oldest point first
 */
public record Peer(String id, String label, Map<String, Object> attributes, Map<String, List<MetricPoint>> metrics) {
}
