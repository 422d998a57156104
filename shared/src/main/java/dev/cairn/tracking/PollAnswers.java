package dev.cairn.tracking;

import dev.cairn.store.Keys;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Poll answers. A poll instance is one poll scene of one program run: the contact's current answer to it is
 * {@code CONTACT#id / POLL#program#run#poll} (replaced by a later answer, and listed in GSI1 under the instance),
 * and every answer is kept as {@code CONTACT#id / POLLHISTORY#program#run#poll#<answered_at>}. Both are written
 * in one transaction. See docs/data-model.md.
 */
public final class PollAnswers {

    /** An answer as given: the comment is null when there was none. */
    public record Answer(String contactId, String accountId, String programId, String runId, String step,
                         String pollId, PollKind kind, int score, String comment, String source, String answeredAt) {
    }

    private final DynamoDbClient dynamoDb;
    private final String table;

    public PollAnswers(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public void record(Answer answer) {
        String pk = Keys.contact(answer.contactId());
        String instance = Keys.pollAnswer(answer.programId(), answer.runId(), answer.pollId());
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":type", AttributeValue.fromS("poll_answer"));
        values.put(":contact", AttributeValue.fromS(answer.contactId()));
        values.put(":account", AttributeValue.fromS(answer.accountId()));
        values.put(":program", AttributeValue.fromS(answer.programId()));
        values.put(":run", AttributeValue.fromS(answer.runId()));
        values.put(":step", AttributeValue.fromS(answer.step()));
        values.put(":poll", AttributeValue.fromS(answer.pollId()));
        values.put(":kind", AttributeValue.fromS(answer.kind().id()));
        values.put(":score", AttributeValue.fromN(Integer.toString(answer.score())));
        values.put(":source", AttributeValue.fromS(answer.source()));
        values.put(":at", AttributeValue.fromS(answer.answeredAt()));
        values.put(":gpk", AttributeValue.fromS(instance));
        values.put(":gsk", AttributeValue.fromS(pk));
        values.put(":one", AttributeValue.fromN("1"));
        String set = "SET #type = :type, contact_id = :contact, account_id = :account, program_id = :program,"
                + " run_id = :run, step = :step, poll_id = :poll, kind = :kind, score = :score, #source = :source,"
                + " answered_at = :at, first_answered_at = if_not_exists(first_answered_at, :at),"
                + " #gpk = :gpk, #gsk = :gsk";
        // A later answer without a comment keeps no earlier comment: the current answer is what was said last.
        String update = answer.comment() == null ? set + " REMOVE #comment ADD answers :one"
                : set + ", #comment = :comment ADD answers :one";
        if (answer.comment() != null) {
            values.put(":comment", AttributeValue.fromS(answer.comment()));
        }
        Map<String, AttributeValue> history = new HashMap<>();
        history.put(Keys.PK, AttributeValue.fromS(pk));
        history.put(Keys.SK, AttributeValue.fromS(Keys.pollHistory(answer.programId(), answer.runId(),
                answer.pollId(), answer.answeredAt())));
        history.put("type", AttributeValue.fromS("poll_answer_history"));
        for (String name : new String[] {"contact", "account", "program", "run", "step", "poll", "kind", "score",
                "source", "at"}) {
            history.put(HISTORY_NAMES.get(name), values.get(":" + name));
        }
        if (answer.comment() != null) {
            history.put("comment", values.get(":comment"));
        }
        dynamoDb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(instance)))
                        .updateExpression(update)
                        .expressionAttributeNames(Map.of("#type", "type", "#source", "source", "#comment", "comment",
                                "#gpk", Keys.GSI1PK, "#gsk", Keys.GSI1SK))
                        .expressionAttributeValues(values).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(history).build()).build()));
    }

    private static final Map<String, String> HISTORY_NAMES = Map.of("contact", "contact_id", "account", "account_id",
            "program", "program_id", "run", "run_id", "step", "step", "poll", "poll_id", "kind", "kind",
            "score", "score", "source", "source", "at", "answered_at");
}
