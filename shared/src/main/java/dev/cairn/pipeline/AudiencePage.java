package dev.cairn.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the evaluation stage to visit one page of an audience shard: for a run (the contacts of shard
 * {@code shard}, or the listed contact ids), or for the daily sweep of date triggers (the accounts of a shard).
 * Each page queues the next, so a million contacts never sit in one function run. A run's pages carry its start
 * ({@code startedAt}): contacts enter its sequence at that instant, so that a retried page parks the same steps
 * under the same keys instead of a second copy.
 */
public record AudiencePage(String purpose, String runId, String programId, int programVersion, boolean dryRun,
                           int shard, String cursor, List<String> contactIds, String date, String startedAt) {

    public static final String RUN = "run";
    public static final String SWEEP = "sweep";

    public AudiencePage next(String nextCursor) {
        return new AudiencePage(purpose, runId, programId, programVersion, dryRun, shard, nextCursor, contactIds, date, startedAt);
    }

    public String toJson() {
        ObjectNode node = Json.object().put("type", "audience_page").put("purpose", purpose).put("run_id", runId)
                .put("program_id", programId).put("program_version", programVersion).put("dry_run", dryRun)
                .put("shard", shard).put("cursor", cursor).put("date", date).put("started_at", startedAt);
        if (contactIds != null) {
            contactIds.forEach(node.putArray("contact_ids")::add);
        }
        return Json.write(node);
    }

    public static AudiencePage fromJson(JsonNode node) {
        String purpose = Messages.required(node, "purpose");
        if (!purpose.equals(RUN) && !purpose.equals(SWEEP)) {
            throw new InvalidMessageException("audience page purpose must be run or sweep");
        }
        List<String> ids = null;
        if (node.has("contact_ids")) {
            ids = new ArrayList<>();
            for (JsonNode id : node.get("contact_ids")) {
                ids.add(id.asText());
            }
        }
        return new AudiencePage(purpose, Json.text(node, "run_id"), Json.text(node, "program_id"),
                node.path("program_version").asInt(), node.path("dry_run").asBoolean(), node.path("shard").asInt(),
                Json.text(node, "cursor"), ids, Json.text(node, "date"), Json.text(node, "started_at"));
    }
}
