package dev.cairn.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A render queue message: one program step of one run for up to {@link #MAX_CONTACTS} contacts, so that the render
 * stage pays its per-batch requests once per hundred contacts (ten messages per invocation) rather than per ten.
 * Written with {@code contact_ids}; a message with the single {@code contact_id} of earlier versions is still read
 * (messages queued or parked before a deploy).
 */
public record RenderMessage(String programId, int programVersion, List<String> contactIds, String runId, String step,
                            boolean dryRun) {

    /** Most contacts in one message: with the render event source's batch of ten, 100 contacts per invocation. */
    public static final int MAX_CONTACTS = 10;

    public RenderMessage {
        contactIds = List.copyOf(contactIds);
    }

    /** The message of one request. */
    public static RenderMessage of(RenderRequest request) {
        return new RenderMessage(request.programId(), request.programVersion(), List.of(request.contactId()),
                request.runId(), request.step(), request.dryRun());
    }

    /** The per-contact requests the message asks for, in its order. */
    public List<RenderRequest> requests() {
        List<RenderRequest> requests = new ArrayList<>(contactIds.size());
        contactIds.forEach(id -> requests.add(new RenderRequest(programId, programVersion, id, runId, step, dryRun)));
        return requests;
    }

    /** The same message for some of its contacts (those whose render failed, sent again on their own). */
    public RenderMessage withContacts(List<String> ids) {
        return new RenderMessage(programId, programVersion, ids, runId, step, dryRun);
    }

    public String toJson() {
        ArrayNode ids = Json.array();
        contactIds.forEach(ids::add);
        var node = Json.object().put("type", "render").put("program_id", programId).put("program_version", programVersion);
        node.set("contact_ids", ids);
        return Json.write(node.put("run_id", runId).put("step", step).put("dry_run", dryRun));
    }

    public static RenderMessage fromJson(JsonNode node) {
        JsonNode version = node.get("program_version");
        if (version == null || !version.canConvertToInt()) {
            throw new InvalidMessageException("program_version is missing or not a number");
        }
        return new RenderMessage(Messages.required(node, "program_id"), version.intValue(), contactIds(node),
                Messages.required(node, "run_id"), Messages.required(node, "step"), node.path("dry_run").asBoolean(false));
    }

    private static List<String> contactIds(JsonNode node) {
        JsonNode ids = node.get("contact_ids");
        if (ids == null) {
            return List.of(Messages.required(node, "contact_id"));
        }
        if (node.has("contact_id")) {
            throw new InvalidMessageException("contact_id and contact_ids are both given: a message names its contacts once");
        }
        if (!ids.isArray() || ids.isEmpty() || ids.size() > MAX_CONTACTS) {
            throw new InvalidMessageException("contact_ids must be a list of 1 to " + MAX_CONTACTS + " contact ids, was "
                    + (ids.isArray() ? ids.size() + " ids" : "a " + ids.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        // Positions, not ids, in the errors: they are logged, and contact ids stay out of logs.
        Map<String, Integer> seen = new HashMap<>();
        List<String> contactIds = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new InvalidMessageException("contact_ids[" + i + "] is not a contact id (a non-blank string)");
            }
            Integer first = seen.putIfAbsent(id.asText(), i);
            if (first != null) {
                throw new InvalidMessageException("contact_ids[" + i + "] repeats contact_ids[" + first + "]");
            }
            contactIds.add(id.asText());
        }
        return contactIds;
    }

    /**
     * Packs requests into as few messages as their program, version, run, step and dry-run flag allow, up to
     * {@link #MAX_CONTACTS} contacts each, in the order the requests came; a request repeated for the same contact
     * is asked for once.
     */
    public static List<RenderMessage> pack(List<RenderRequest> requests) {
        Map<RenderMessage, Set<String>> groups = new LinkedHashMap<>();
        for (RenderRequest r : requests) {
            groups.computeIfAbsent(new RenderMessage(r.programId(), r.programVersion(), List.of(), r.runId(), r.step(),
                    r.dryRun()), g -> new LinkedHashSet<>()).add(r.contactId());
        }
        List<RenderMessage> messages = new ArrayList<>();
        groups.forEach((group, contacts) -> {
            List<String> ids = List.copyOf(contacts);
            for (int start = 0; start < ids.size(); start += MAX_CONTACTS) {
                messages.add(group.withContacts(ids.subList(start, Math.min(ids.size(), start + MAX_CONTACTS))));
            }
        });
        return messages;
    }

    /** {@link #pack}ed, as message bodies. */
    public static List<String> packed(List<RenderRequest> requests) {
        return pack(requests).stream().map(RenderMessage::toJson).toList();
    }
}
