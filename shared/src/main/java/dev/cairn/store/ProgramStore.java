package dev.cairn.store;

import dev.cairn.program.Program;
import dev.cairn.program.ProgramParser;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Program versions. Each version is kept ({@code PROGRAM#id / VERSION#n}); the index item
 * ({@code PROGRAMS / PROGRAM#id}) names the current version and its trigger, and both are written in one
 * transaction so that two concurrent saves cannot claim the same version.
 */
public final class ProgramStore {

    /** What the evaluation stage needs to know of every program without loading its templates. */
    public record ProgramSummary(String id, String name, int currentVersion, String trigger, String updatedAt) {
    }

    /**
     * The version's YAML as parsed, in JSON ({@link ProgramParser#parsedForm}): read instead of the YAML, so that
     * evaluate and render load no YAML parser. Versions stored without it (before it existed, or too large to hold
     * both) are read from their YAML.
     */
    static final String PARSED = "parsed";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public ProgramStore(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** Stores a validated program as the next version and returns that version number. */
    public int saveNewVersion(Program program) {
        Optional<ProgramSummary> current = summary(program.id());
        int next = current.map(ProgramSummary::currentVersion).orElse(0) + 1;
        String now = clock.instant().toString();
        Map<String, AttributeValue> files = new HashMap<>();
        program.files().forEach((name, content) -> files.put(name, AttributeValue.fromS(content)));
        Map<String, AttributeValue> versionItem = new HashMap<>(Map.of(
                Keys.PK, AttributeValue.fromS(Keys.program(program.id())),
                Keys.SK, AttributeValue.fromS(Keys.programVersion(next)),
                "type", AttributeValue.fromS("program_version"),
                "yaml", AttributeValue.fromS(program.yaml()),
                "files", AttributeValue.fromM(files),
                "created_at", AttributeValue.fromS(now)));
        String parsed = ProgramParser.parsedForm(program);
        // The item must stay within what the program's own size check allows; one too large is read from its YAML.
        if (ProgramParser.size(program.yaml(), program.files()) + parsed.length() <= ProgramParser.MAX_PROGRAM_BYTES) {
            versionItem.put(PARSED, AttributeValue.fromS(parsed));
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":next", AttributeValue.fromN(Integer.toString(next)),
                ":name", AttributeValue.fromS(program.name()),
                ":trigger", AttributeValue.fromS(program.trigger().on()),
                ":now", AttributeValue.fromS(now)));
        String condition;
        if (current.isPresent()) {
            values.put(":prev", AttributeValue.fromN(Integer.toString(current.get().currentVersion())));
            condition = "current_version = :prev";
        } else {
            condition = "attribute_not_exists(PK)";
        }
        dynamoDb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(versionItem)
                        .conditionExpression("attribute_not_exists(PK)").build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(indexKey(program.id()))
                        .updateExpression("SET current_version = :next, #name = :name, #trigger = :trigger, updated_at = :now")
                        .conditionExpression(condition)
                        .expressionAttributeNames(Map.of("#name", "name", "#trigger", "trigger"))
                        .expressionAttributeValues(values).build()).build()));
        return next;
    }

    public Optional<ProgramSummary> summary(String programId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(indexKey(programId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toSummary(item));
    }

    public List<ProgramSummary> list() {
        List<ProgramSummary> programs = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> exclusiveStart = startKey;
            QueryResponse page = dynamoDb.query(b -> b.tableName(table)
                    .keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.PROGRAM_INDEX_PK)))
                    .exclusiveStartKey(exclusiveStart));
            page.items().forEach(item -> programs.add(toSummary(item)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return programs;
    }

    /** Loads one stored version; stored versions were validated when saved. */
    public Optional<Program> load(String programId, int version) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(versionKey(programId, version))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** A version's key, for reading it with other items (render reads it with its first contacts). */
    public static Map<String, AttributeValue> versionKey(String programId, int version) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.program(programId)),
                Keys.SK, AttributeValue.fromS(Keys.programVersion(version)));
    }

    /** A version from its item, read by {@link #load} or with other items by {@link #versionKey}. */
    public static Program fromItem(Map<String, AttributeValue> item) {
        String programId = item.get(Keys.PK).s().substring(Keys.program("").length());
        int version = Keys.versionOf(item.get(Keys.SK).s());
        Map<String, String> files = new HashMap<>();
        item.get("files").m().forEach((name, content) -> files.put(name, content.s()));
        String yaml = item.get("yaml").s();
        AttributeValue parsed = item.get(PARSED);
        return parsed == null ? ProgramParser.parse(programId, version, yaml, files)
                : ProgramParser.fromParsedForm(programId, version, yaml, parsed.s(), files);
    }

    private static Map<String, AttributeValue> indexKey(String programId) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.PROGRAM_INDEX_PK),
                Keys.SK, AttributeValue.fromS(Keys.program(programId)));
    }

    private static ProgramSummary toSummary(Map<String, AttributeValue> item) {
        return new ProgramSummary(item.get(Keys.SK).s().substring("PROGRAM#".length()),
                ItemValues.string(item, "name"), new BigDecimal(item.get("current_version").n()).intValue(),
                ItemValues.string(item, "trigger"), ItemValues.string(item, "updated_at"));
    }
}
