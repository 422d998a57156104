package dev.cairn.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.aws.AwsClients;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates template.yaml's tables, queues and buckets in the emulator, named {@code <prefix>-<LogicalId>}, and
 * resolves references to them the way CloudFormation would: Ref gives a table or bucket name or a queue URL,
 * GetAtt X.Arn an ARN.
 */
public final class Resources {

    private final Template template;
    private final String prefix;
    private final Map<String, String> parameters;
    private final Map<String, String> refs = new LinkedHashMap<>();
    private final Map<String, String> arns = new HashMap<>();
    private final Map<String, String> deadLetterQueues = new HashMap<>();
    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, List<String>> topicQueues = new HashMap<>();

    private Resources(Template template, String prefix, Map<String, String> parameters) {
        this.template = template;
        this.prefix = prefix;
        this.parameters = parameters;
    }

    public static Resources create(Template template, String prefix, Map<String, String> parameterOverrides,
                                   AwsClients clients) {
        Map<String, String> parameters = new HashMap<>(parameterOverrides);
        Resources resources = new Resources(template, prefix, parameters);
        resources.createTables(clients);
        resources.createQueues(clients);
        resources.createBuckets(clients);
        resources.createEmailResources(clients);
        resources.generateSecrets();
        return resources;
    }

    /** Resolves a template value: a resource's Ref, a resource's ARN, a parameter, or the literal itself. */
    public String resolve(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isContainerNode() ? null : value.asText();
        if (text == null) {
            return null; // A condition (!If ...): the local runtime sets such values itself.
        }
        java.util.regex.Matcher secret = SECRET_REFERENCE.matcher(text);
        if (secret.matches() && secrets.containsKey(secret.group(1))) {
            return secrets.get(secret.group(1));
        }
        if (refs.containsKey(text)) {
            return refs.get(text);
        }
        if (text.endsWith(".Arn") && arns.containsKey(text.substring(0, text.length() - 4))) {
            return arns.get(text.substring(0, text.length() - 4));
        }
        if (template.isParameter(text)) {
            return parameters.getOrDefault(text, template.parameterDefault(text));
        }
        return text;
    }

    public String ref(String logicalId) {
        return refs.get(logicalId);
    }

    /** Queue URLs by logical id. */
    public Map<String, String> queues() {
        Map<String, String> queues = new LinkedHashMap<>();
        template.resourcesOfType("AWS::SQS::Queue").keySet().forEach(id -> queues.put(id, refs.get(id)));
        return queues;
    }

    /** The dead-letter queue's logical id for each queue that has one. */
    public Map<String, String> deadLetterQueues() {
        return deadLetterQueues;
    }

    /** The queues (logical ids) that a topic of the template delivers to, through its SQS subscriptions. */
    public List<String> subscribedQueues(String topicLogicalId) {
        return topicQueues.getOrDefault(topicLogicalId, List.of());
    }

    /**
     * SES configuration sets are created in the emulator (deliver sends in one). SNS topics are not: the emulator's
     * SES does not publish events, so a topic exists here only as its ARN and its SQS subscriptions, through which
     * {@link LocalRuntime#publish} delivers what SES would have published.
     */
    private void createEmailResources(AwsClients clients) {
        template.resourcesOfType("AWS::SES::ConfigurationSet").keySet().forEach(id -> {
            try {
                clients.ses().createConfigurationSet(b -> b.configurationSetName(name(id)));
            } catch (software.amazon.awssdk.services.sesv2.model.SesV2Exception refused) {
                // A restarted local runtime keeps its configuration set; any other refusal stands.
                try {
                    clients.ses().getConfigurationSet(b -> b.configurationSetName(name(id)));
                } catch (RuntimeException notThere) {
                    throw refused;
                }
            }
            refs.put(id, name(id));
        });
        template.resourcesOfType("AWS::SNS::Topic").keySet().forEach(id ->
                refs.put(id, "arn:aws:sns:us-east-1:123456789012:" + name(id)));
        template.resourcesOfType("AWS::SNS::Subscription").values().forEach(props -> {
            if ("sqs".equals(props.path("Protocol").asText())) {
                topicQueues.computeIfAbsent(props.path("TopicArn").asText(), t -> new ArrayList<>())
                        .add(props.path("Endpoint").asText().replace(".Arn", ""));
            }
        });
    }

    /** A dynamic reference to a secret of the template, as !Sub gives it: {{resolve:secretsmanager:${X}:SecretString}}. */
    private static final java.util.regex.Pattern SECRET_REFERENCE =
            java.util.regex.Pattern.compile("^\\{\\{resolve:secretsmanager:\\$\\{(\\w+)}:SecretString}}$");

    /**
     * Secrets with GenerateSecretString get a random value per run of the local runtime, held in memory: the
     * emulator's Secrets Manager is not needed, and links signed by an earlier run stop working, as after a key
     * rotation.
     */
    private void generateSecrets() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        template.resourcesOfType("AWS::SecretsManager::Secret").forEach((id, props) -> {
            int length = props.path("GenerateSecretString").path("PasswordLength").asInt(32);
            StringBuilder value = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            secrets.put(id, value.toString());
        });
    }

    private String name(String logicalId) {
        return prefix + "-" + logicalId;
    }

    private void createTables(AwsClients clients) {
        template.resourcesOfType("AWS::DynamoDB::Table").forEach((id, props) -> {
            List<AttributeDefinition> attributes = new ArrayList<>();
            props.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                    .attributeName(a.path("AttributeName").asText()).attributeType(a.path("AttributeType").asText()).build()));
            List<GlobalSecondaryIndex> indexes = new ArrayList<>();
            props.path("GlobalSecondaryIndexes").forEach(g -> indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(g.path("IndexName").asText()).keySchema(keySchema(g.path("KeySchema")))
                    .projection(Projection.builder().projectionType(ProjectionType.fromValue(
                            g.path("Projection").path("ProjectionType").asText("ALL"))).build()).build()));
            String table = name(id);
            try {
                clients.dynamoDb().createTable(b -> {
                    b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST).attributeDefinitions(attributes)
                            .keySchema(keySchema(props.path("KeySchema")));
                    if (!indexes.isEmpty()) {
                        b.globalSecondaryIndexes(indexes);
                    }
                });
            } catch (ResourceInUseException alreadyThere) {
                // A restarted local runtime keeps its data.
            }
            refs.put(id, table);
            arns.put(id, "arn:aws:dynamodb:us-east-1:123456789012:table/" + table);
        });
    }

    private static List<KeySchemaElement> keySchema(JsonNode schema) {
        List<KeySchemaElement> keys = new ArrayList<>();
        schema.forEach(k -> keys.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                .keyType(k.path("KeyType").asText()).build()));
        return keys;
    }

    private void createQueues(AwsClients clients) {
        Map<String, JsonNode> queues = template.resourcesOfType("AWS::SQS::Queue");
        // Dead-letter queues first: a redrive policy names its target's ARN.
        List<String> order = new ArrayList<>();
        queues.forEach((id, props) -> {
            if (!props.has("RedrivePolicy")) {
                order.add(id);
            }
        });
        queues.forEach((id, props) -> {
            if (props.has("RedrivePolicy")) {
                order.add(id);
            }
        });
        for (String id : order) {
            JsonNode props = queues.get(id);
            Map<QueueAttributeName, String> attributes = new HashMap<>();
            JsonNode redrive = props.get("RedrivePolicy");
            if (redrive != null) {
                String target = redrive.path("deadLetterTargetArn").asText().replace(".Arn", "");
                deadLetterQueues.put(id, target);
                attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + arns.get(target)
                        + "\",\"maxReceiveCount\":\"" + resolve(redrive.path("maxReceiveCount")) + "\"}");
            }
            if (props.has("VisibilityTimeout")) {
                attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, props.path("VisibilityTimeout").asText());
            }
            String url = clients.sqs().createQueue(b -> b.queueName(name(id)).attributes(attributes)).queueUrl();
            refs.put(id, url);
            arns.put(id, clients.sqs().getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
        }
    }

    private void createBuckets(AwsClients clients) {
        template.resourcesOfType("AWS::S3::Bucket").forEach((id, props) -> {
            String bucket = name(id).toLowerCase(java.util.Locale.ROOT);
            try {
                clients.s3().createBucket(b -> b.bucket(bucket));
            } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException alreadyThere) {
                // A restarted local runtime keeps its pages.
            }
            if ("Enabled".equals(props.path("VersioningConfiguration").path("Status").asText())) {
                clients.s3().putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            }
            List<QueueConfiguration> notifications = new ArrayList<>();
            props.path("NotificationConfiguration").path("QueueConfigurations").forEach(n -> {
                List<FilterRule> rules = new ArrayList<>();
                n.path("Filter").path("S3Key").path("Rules").forEach(r -> rules.add(FilterRule.builder()
                        .name(r.path("Name").asText()).value(r.path("Value").asText()).build()));
                notifications.add(QueueConfiguration.builder().queueArn(resolve(n.path("Queue")))
                        .eventsWithStrings(n.path("Event").asText())
                        .filter(f -> f.key(k -> k.filterRules(rules))).build());
            });
            if (!notifications.isEmpty()) {
                clients.s3().putBucketNotificationConfiguration(b -> b.bucket(bucket)
                        .notificationConfiguration(c -> c.queueConfigurations(notifications)));
            }
            refs.put(id, bucket);
            arns.put(id, "arn:aws:s3:::" + bucket);
        });
    }
}
