package dev.cairn.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;

/** Asks the render stage to render one program step for one contact. */
public record RenderRequest(String programId, int programVersion, String contactId, String runId, String step,
                            boolean dryRun) {

    public String toJson() {
        return Json.write(Json.object().put("type", "render").put("program_id", programId)
                .put("program_version", programVersion).put("contact_id", contactId).put("run_id", runId)
                .put("step", step).put("dry_run", dryRun));
    }

    public static RenderRequest fromJson(JsonNode node) {
        JsonNode version = node.get("program_version");
        if (version == null || !version.canConvertToInt()) {
            throw new InvalidMessageException("program_version is missing or not a number");
        }
        return new RenderRequest(Messages.required(node, "program_id"), version.intValue(),
                Messages.required(node, "contact_id"), Messages.required(node, "run_id"), Messages.required(node, "step"),
                node.path("dry_run").asBoolean(false));
    }
}
