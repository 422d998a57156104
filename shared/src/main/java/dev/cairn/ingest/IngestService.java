package dev.cairn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.aws.QueueSender;
import dev.cairn.pipeline.ChangeMessage;
import dev.cairn.store.EntityStore;
import dev.cairn.store.UpsertOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates and stores a batch of accounts or contacts, keeping every valid record and explaining every rejected
 * one, then tells the evaluation stage about the changes that can start a program.
 */
public final class IngestService {

    /** Fields whose change can start a program; other updates are stored without waking the evaluation stage. */
    static final Set<String> TRIGGERING_FIELDS = Set.of("role", "is_champion", "is_executive", "products",
            "renewal_date", "billing_period", "health_score", "segment", "plan", "licenses_purchased", "account_id");

    private final EntityStore entities;
    private final QueueSender queue;
    private final String evaluateQueueUrl;
    private final Clock clock;

    public IngestService(EntityStore entities, QueueSender queue, String evaluateQueueUrl, Clock clock) {
        this.entities = entities;
        this.queue = queue;
        this.evaluateQueueUrl = evaluateQueueUrl;
        this.clock = clock;
    }

    /** Ingests rows already read from JSON or CSV; {@code rows.get(i)} is reported as row {@code rowNumbers.get(i)}. */
    public IngestReport ingest(EntitySchema schema, List<JsonNode> rows, List<Integer> rowNumbers) {
        List<Rejection> rejected = new ArrayList<>();
        Map<String, EntityRecord> latest = new LinkedHashMap<>();
        Map<String, Integer> latestRow = new LinkedHashMap<>();
        Map<String, List<Integer>> duplicates = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            int row = rowNumbers.get(i);
            RecordValidator.Result result = RecordValidator.validate(schema, rows.get(i), row);
            if (result instanceof RecordValidator.Rejected r) {
                rejected.addAll(r.rejections());
                continue;
            }
            EntityRecord record = ((RecordValidator.Accepted) result).record();
            Integer earlier = latestRow.put(record.id(), row);
            if (earlier != null) {
                duplicates.computeIfAbsent(record.id(), id -> new ArrayList<>(List.of(earlier))).add(row);
                latest.remove(record.id());
            }
            latest.put(record.id(), record);
        }
        if (schema == EntitySchema.CONTACT) {
            rejectContactsOfUnknownAccounts(latest, latestRow, rejected);
        }
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        List<String> changes = new ArrayList<>();
        String now = clock.instant().toString();
        for (EntityRecord record : latest.values()) {
            UpsertOutcome outcome = entities.upsert(schema, record);
            switch (outcome.status()) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
            if (outcome.status() == UpsertOutcome.Status.CREATED
                    || outcome.changes().keySet().stream().anyMatch(TRIGGERING_FIELDS::contains)) {
                String accountId = schema == EntitySchema.ACCOUNT ? record.id() : (String) record.get("account_id");
                changes.add(ChangeMessage.of(schema.kind(), record.id(), accountId,
                        outcome.status() == UpsertOutcome.Status.CREATED ? "created" : "updated",
                        outcome.changes(), now).toJson());
            }
        }
        queue.send(evaluateQueueUrl, changes);
        rejected.sort(java.util.Comparator.comparingInt(Rejection::row));
        return new IngestReport(rows.size(), created, updated, unchanged, rejected, duplicates);
    }

    private void rejectContactsOfUnknownAccounts(Map<String, EntityRecord> contacts, Map<String, Integer> rows,
                                                 List<Rejection> rejected) {
        Set<String> accountIds = new TreeSet<>();
        contacts.values().forEach(c -> accountIds.add((String) c.get("account_id")));
        Set<String> existing = entities.existing(EntitySchema.ACCOUNT, accountIds);
        contacts.values().removeIf(contact -> {
            String accountId = (String) contact.get("account_id");
            if (existing.contains(accountId)) {
                return false;
            }
            rejected.add(new Rejection(rows.get(contact.id()), contact.id(), "account_id",
                    "account '" + accountId + "' does not exist; import the account first"));
            return true;
        });
    }
}
