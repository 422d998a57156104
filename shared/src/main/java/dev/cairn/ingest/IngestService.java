package dev.cairn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.aws.QueueSender;
import dev.cairn.pipeline.ChangeMessage;
import dev.cairn.plan.PlanTemplates;
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

    /**
     * Fields whose change can start a program or a plan, or complete a plan's task by its rule; other updates are
     * stored without waking the evaluation stage. Held apart so that they are read (with the plan templates, YAML)
     * on the first update: an import of new records never needs them.
     */
    private static final class Triggering {
        static final Set<String> FIELDS = triggeringFields();
    }

    private static final int ANNOUNCE_EVERY = 25;

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

    /**
     * Ingests rows read from JSON, one conditional UpdateItem per record (safe against concurrent writers);
     * {@code rows.get(i)} is reported as row {@code rowNumbers.get(i)}.
     */
    public IngestReport ingest(EntitySchema schema, List<JsonNode> rows, List<Integer> rowNumbers) {
        List<RecordValidator.Result> results = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            results.add(RecordValidator.validate(schema, rows.get(i), rowNumbers.get(i)));
        }
        return ingestValidated(schema, results, rowNumbers, false);
    }

    /**
     * Ingests rows already validated (CSV rows, as they are read: {@link CsvBatch}); {@code results.get(i)} is row
     * {@code rowNumbers.get(i)}. {@code inBatches} writes in batches for bulk imports: about 50 requests per 1,000
     * rows instead of 1,000.
     */
    public IngestReport ingestValidated(EntitySchema schema, List<RecordValidator.Result> results,
                                        List<Integer> rowNumbers, boolean inBatches) {
        List<Rejection> rejected = new ArrayList<>();
        Map<String, EntityRecord> latest = new LinkedHashMap<>();
        Map<String, Integer> latestRow = new LinkedHashMap<>();
        Map<String, List<Integer>> duplicates = new LinkedHashMap<>();
        for (int i = 0; i < results.size(); i++) {
            int row = rowNumbers.get(i);
            RecordValidator.Result result = results.get(i);
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
        if (schema != EntitySchema.ACCOUNT) {
            rejectUnknownReferences(schema, latest, latestRow, rejected);
        }
        String now = clock.instant().toString();
        List<EntityRecord> records = new ArrayList<>(latest.values());
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        // Announce changes as the writes go, so a request that fails part-way has announced what it stored.
        // Bulk chunks of 100 read with one BatchGetItem and write with four BatchWriteItems.
        int chunkSize = inBatches ? 100 : ANNOUNCE_EVERY;
        for (int start = 0; start < records.size(); start += chunkSize) {
            List<EntityRecord> chunk = records.subList(start, Math.min(records.size(), start + chunkSize));
            List<UpsertOutcome> outcomes = inBatches ? entities.upsertAll(schema, chunk)
                    : chunk.stream().map(r -> entities.upsert(schema, r)).toList();
            List<ChangeMessage> changes = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                EntityRecord record = chunk.get(i);
                UpsertOutcome outcome = outcomes.get(i);
                switch (outcome.status()) {
                    case CREATED -> created++;
                    case UPDATED -> updated++;
                    case UNCHANGED -> unchanged++;
                }
                if (matters(schema, outcome)) {
                    String accountId = schema == EntitySchema.ACCOUNT ? record.id() : (String) record.get("account_id");
                    changes.add(ChangeMessage.of(schema.kind(), record.id(), accountId,
                            outcome.status() == UpsertOutcome.Status.CREATED ? "created" : "updated",
                            outcome.changes(), now));
                }
            }
            if (!changes.isEmpty()) {
                queue.send(evaluateQueueUrl, List.of(ChangeMessage.batchJson(changes)));
            }
        }
        rejected.sort(java.util.Comparator.comparingInt(Rejection::row));
        return new IngestReport(results.size(), created, updated, unchanged, rejected, duplicates);
    }

    private static Set<String> triggeringFields() {
        Set<String> fields = new java.util.HashSet<>(Set.of("role", "is_champion", "is_executive", "products", "add_ons",
                "renewal_date", "billing_period", "health_score", "segment", "plan", "licenses_purchased", "account_id",
                "contract_start"));
        fields.addAll(PlanTemplates.ruleFields());
        return Set.copyOf(fields);
    }

    /** Contacts, metric points and events must name an account that exists, and a contact of it if they name one. */
    /** New records always matter; an update matters when a field that can start a program changed. */
    private static boolean matters(EntitySchema schema, UpsertOutcome outcome) {
        return outcome.status() == UpsertOutcome.Status.CREATED
                || (outcome.status() == UpsertOutcome.Status.UPDATED
                    && (schema == EntitySchema.METRIC
                        || outcome.changes().keySet().stream().anyMatch(Triggering.FIELDS::contains)));
    }

    private void rejectUnknownReferences(EntitySchema schema, Map<String, EntityRecord> records, Map<String, Integer> rows,
                                         List<Rejection> rejected) {
        Set<String> accountIds = new TreeSet<>();
        Set<String> contactIds = new TreeSet<>();
        records.values().forEach(r -> {
            accountIds.add((String) r.get("account_id"));
            if (schema != EntitySchema.CONTACT && r.get("contact_id") != null) {
                contactIds.add((String) r.get("contact_id"));
            }
        });
        Set<String> accounts = entities.existing(EntitySchema.ACCOUNT, accountIds);
        Set<String> contacts = contactIds.isEmpty() ? Set.of() : entities.existing(EntitySchema.CONTACT, contactIds);
        records.values().removeIf(record -> {
            String accountId = (String) record.get("account_id");
            String contactId = schema == EntitySchema.CONTACT ? null : (String) record.get("contact_id");
            if (!accounts.contains(accountId)) {
                rejected.add(new Rejection(rows.get(record.id()), record.id(), "account_id",
                        "account '" + accountId + "' does not exist; import the account first"));
                return true;
            }
            if (contactId != null && !contacts.contains(contactId)) {
                rejected.add(new Rejection(rows.get(record.id()), record.id(), "contact_id",
                        "contact '" + contactId + "' does not exist; import the contact first"));
                return true;
            }
            return false;
        });
    }
}
