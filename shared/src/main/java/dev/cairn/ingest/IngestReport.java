package dev.cairn.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.util.List;
import java.util.Map;

/**
 * The answer to every import: how many records came in, what happened to them, each rejection with its row,
 * id, column and reason, and the ids given more than once (the last row wins).
 */
public record IngestReport(int received, int created, int updated, int unchanged, List<Rejection> rejected,
                           Map<String, List<Integer>> duplicates) {

    /** This report with rows rejected before validation (unreadable CSV rows) counted in. */
    public IngestReport withEarlierRejections(List<Rejection> earlier) {
        if (earlier.isEmpty()) {
            return this;
        }
        List<Rejection> all = new java.util.ArrayList<>(earlier);
        all.addAll(rejected);
        all.sort(java.util.Comparator.comparingInt(Rejection::row));
        return new IngestReport(received + earlier.size(), created, updated, unchanged, all, duplicates);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object().put("received", received).put("created", created).put("updated", updated)
                .put("unchanged", unchanged);
        ArrayNode rejections = node.putArray("rejected");
        for (Rejection r : rejected) {
            rejections.addObject().put("row", r.row()).put("id", r.id()).put("column", r.column()).put("message", r.message());
        }
        ArrayNode dups = node.putArray("duplicates");
        duplicates.forEach((id, rows) -> {
            ObjectNode d = dups.addObject().put("id", id);
            rows.forEach(d.putArray("rows")::add);
        });
        if (created + updated == 0 && rejected.isEmpty() && received > 0) {
            node.put("message", "nothing changed: every record matches what is stored");
        }
        return node;
    }
}
