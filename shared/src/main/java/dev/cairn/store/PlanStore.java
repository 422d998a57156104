package dev.cairn.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.json.Json;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlanException;
import dev.cairn.plan.PlanJson;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Success plans in the single table: one item per plan in its account's partition ({@code ACCOUNT#id / PLAN#id}),
 * the whole plan as JSON, written with a version check so that two concurrent changes cannot lose one another.
 * Every plan is also in GSI1 under {@code PLANS}, sorted by start date, for portfolio metrics (docs/data-model.md).
 */
public final class PlanStore {

    /** A plan and the version it was read at, to save it back with. */
    public record Stored(Plan plan, long version) {
    }

    private final DynamoDbClient dynamoDb;
    private final String table;

    public PlanStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Saves a new plan, or a changed one read at {@code version} (0 for new); a concurrent change is a conflict. */
    public long save(Plan plan, long version) {
        Map<String, AttributeValue> item = new HashMap<>(key(plan.accountId(), plan.id()));
        item.put("type", AttributeValue.fromS("plan"));
        item.put("plan_id", AttributeValue.fromS(plan.id()));
        item.put("account_id", AttributeValue.fromS(plan.accountId()));
        if (plan.contactId() != null) {
            // Contact erasure deletes the items of the account partition that carry the contact's id.
            item.put("contact_id", AttributeValue.fromS(plan.contactId()));
        }
        item.put("kind", AttributeValue.fromS(plan.kind()));
        item.put("start_date", AttributeValue.fromS(plan.startDate().toString()));
        item.put("version", AttributeValue.fromN(Long.toString(version + 1)));
        item.put("plan", AttributeValue.fromS(Json.write(PlanJson.write(plan))));
        item.put(Keys.GSI1PK, AttributeValue.fromS(Keys.PLANS_INDEX_PK));
        item.put(Keys.GSI1SK, AttributeValue.fromS(Keys.planByStart(plan.startDate().toString(), plan.accountId(), plan.id())));
        try {
            dynamoDb.putItem(b -> {
                b.tableName(table).item(item);
                if (version == 0) {
                    b.conditionExpression("attribute_not_exists(PK)");
                } else {
                    b.conditionExpression("version = :read").expressionAttributeValues(
                            Map.of(":read", AttributeValue.fromN(Long.toString(version))));
                }
            });
        } catch (ConditionalCheckFailedException e) {
            throw new PlanException(PlanException.Reason.CONFLICT, version == 0
                    ? "plan '" + plan.id() + "' already exists"
                    : "plan '" + plan.id() + "' was changed by someone else at the same moment; read it and try again");
        }
        return version + 1;
    }

    public Optional<Stored> get(String accountId, String planId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(key(accountId, planId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(stored(item));
    }

    /** The plans of one account, oldest id first. */
    public List<Stored> ofAccount(String accountId) {
        return query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.account(accountId)),
                        ":prefix", AttributeValue.fromS(Keys.PLAN_PREFIX))).build());
    }

    /** Plans of every account that started between two days (inclusive), through GSI1. */
    public List<Stored> startedBetween(LocalDate from, LocalDate to) {
        return query(QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.PLANS_INDEX_PK),
                        ":from", AttributeValue.fromS(Keys.planByStart(from.toString(), "", "")),
                        ":to", AttributeValue.fromS(Keys.planByStart(to.toString(), "~", "")))).build());
    }

    private List<Stored> query(QueryRequest request) {
        List<Stored> plans = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse page = dynamoDb.query(request.toBuilder().exclusiveStartKey(startKey).build());
            page.items().forEach(item -> plans.add(stored(item)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return plans;
    }

    private static Stored stored(Map<String, AttributeValue> item) {
        try {
            return new Stored(PlanJson.read(Json.parse(item.get("plan").s())), Long.parseLong(item.get("version").n()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan " + item.get(Keys.SK).s() + " is not JSON", e);
        }
    }

    private static Map<String, AttributeValue> key(String accountId, String planId) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.account(accountId)), Keys.SK, AttributeValue.fromS(Keys.plan(planId)));
    }
}
