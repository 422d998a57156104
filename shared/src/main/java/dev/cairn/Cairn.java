package dev.cairn;

import dev.cairn.api.ApiRouter;
import dev.cairn.api.ImportApi;
import dev.cairn.api.IngestApi;
import dev.cairn.aws.ImportFiles;
import dev.cairn.ingest.ImportJob;
import dev.cairn.store.ImportStore;
import dev.cairn.api.PlanApi;
import dev.cairn.api.ProgramApi;
import dev.cairn.onboarding.PlanService;
import dev.cairn.store.EventStore;
import dev.cairn.store.PlanStore;
import dev.cairn.aws.AwsClients;
import dev.cairn.aws.QueueSender;
import dev.cairn.aws.SqsApi;
import dev.cairn.config.CairnConfig;
import dev.cairn.delivery.DeliveryService;
import dev.cairn.delivery.DeliveryStore;
import dev.cairn.delivery.Mailer;
import dev.cairn.delivery.SendRate;
import dev.cairn.delivery.SesEvents;
import dev.cairn.ingest.ErasureService;
import dev.cairn.ingest.IngestService;
import dev.cairn.lambda.RetryBackoff;
import dev.cairn.lambda.RetryVisibility;
import dev.cairn.render.HubPageStore;
import dev.cairn.render.LiquidEngine;
import dev.cairn.render.RenderMessages;
import dev.cairn.render.ProgramCatalog;
import dev.cairn.render.RenderService;
import dev.cairn.store.DueStore;
import dev.cairn.store.EntityStore;
import dev.cairn.store.EntryStore;
import dev.cairn.store.RunStore;
import dev.cairn.store.SequenceStore;
import dev.cairn.store.ProgramStore;
import dev.cairn.trigger.EvaluateService;
import dev.cairn.api.FeedbackApi;
import dev.cairn.tracking.ContactRefs;
import dev.cairn.tracking.EngagementStore;
import dev.cairn.tracking.FeedbackLinks;
import dev.cairn.tracking.FeedbackService;
import dev.cairn.tracking.PollAnswers;
import dev.cairn.tracking.Suppressions;
import dev.cairn.tracking.TokenSigner;
import dev.cairn.trigger.RunService;
import dev.cairn.trigger.SchedulerService;
import dev.cairn.api.RunApi;
import java.time.Clock;

import static dev.cairn.config.CairnConfig.require;
import static dev.cairn.config.CairnConfig.requireNumber;

/**
 * What a function needs to run: its settings, the SDK clients and the clock. Handlers take one in their
 * test constructor; their no-argument constructor uses {@link #fromEnvironment()}. Each factory builds a service
 * with only the settings it reads, so a function fails fast when template.yaml does not give it one.
 */
public record Cairn(CairnConfig config, AwsClients clients, Clock clock) {

    public static Cairn fromEnvironment() {
        return new Cairn(CairnConfig.fromEnvironment(), AwsClients.forEnvironment(), Clock.systemUTC());
    }

    public EntityStore entityStore() {
        return new EntityStore(clients.dynamoDb(), require(config.tableName(), CairnConfig.TABLE_NAME), clock);
    }

    public ProgramStore programStore() {
        return new ProgramStore(clients.dynamoDb(), require(config.tableName(), CairnConfig.TABLE_NAME), clock);
    }

    /** The REST API served by the ingest-api function: data, import, program and success-plan routes. */
    public ApiRouter api() {
        ErasureService erasure = new ErasureService(entityStore(), hubPageStore());
        return new ApiRouter(new IngestApi(ingestService(), entityStore(), erasure).routes(),
                new ImportApi(importJob(), importStore(), importFiles()).routes(),
                new ProgramApi(programStore(), entityStore(), planService()::forContact,
                        planService()::metrics, clock).routes(),
                new PlanApi(planService(), entityStore()).routes(),
                new RunApi(runService(), runStore()).routes());
    }

    public PlanService planService() {
        EntityStore entities = entityStore();
        return new PlanService(planStore(), entities, new EventStore(clients.dynamoDb(), table()),
                PlanService.metricPollAnswers(entities), clock);
    }

    /** The plans as stored, without the rules applied on reading. */
    public PlanStore planStore() {
        return new PlanStore(clients.dynamoDb(), table());
    }

    public IngestService ingestService() {
        return new IngestService(entityStore(), queueSender(),
                require(config.evaluateQueueUrl(), CairnConfig.EVALUATE_QUEUE_URL), clock);
    }

    public ImportStore importStore() {
        return new ImportStore(clients.dynamoDb(), require(config.tableName(), CairnConfig.TABLE_NAME));
    }

    public ImportFiles importFiles() {
        return new ImportFiles(clients.s3Bucket(require(config.importBucket(), CairnConfig.IMPORT_BUCKET)));
    }

    public ImportJob importJob() {
        return new ImportJob(importStore(), importFiles(), ingestService(), queueSender(),
                require(config.importQueueUrl(), CairnConfig.IMPORT_QUEUE_URL), clock);
    }

    public HubPageStore hubPageStore() {
        return new HubPageStore(clients.s3Bucket(require(config.hubBucket(), CairnConfig.HUB_BUCKET)),
                config.hubBaseUrl());
    }

    public EvaluateService evaluateService() {
        return new EvaluateService(entityStore(), programStore(), new ProgramCatalog(programStore()),
                new EntryStore(clients.dynamoDb(), table(), clock), runStore(), queueSender(),
                planService(), sequenceStore(), require(config.renderQueueUrl(), CairnConfig.RENDER_QUEUE_URL),
                require(config.evaluateQueueUrl(), CairnConfig.EVALUATE_QUEUE_URL), clock);
    }

    public RunService runService() {
        return new RunService(programStore(), runStore(), queueSender(),
                require(config.evaluateQueueUrl(), CairnConfig.EVALUATE_QUEUE_URL), clock);
    }

    public SchedulerService schedulerService() {
        return new SchedulerService(clients.dynamoDb(), table(), programStore(), new ProgramCatalog(programStore()),
                runService(), dueStore(), queueSender(),
                require(config.evaluateQueueUrl(), CairnConfig.EVALUATE_QUEUE_URL),
                require(config.deliverQueueUrl(), CairnConfig.DELIVER_QUEUE_URL),
                require(config.renderQueueUrl(), CairnConfig.RENDER_QUEUE_URL), clock);
    }

    public SequenceStore sequenceStore() {
        return new SequenceStore(clients.dynamoDb(), table(), dueStore());
    }

    public DueStore dueStore() {
        return new DueStore(clients.dynamoDb(), table());
    }

    public RunStore runStore() {
        return new RunStore(clients.dynamoDb(), table());
    }

    private String table() {
        return require(config.tableName(), CairnConfig.TABLE_NAME);
    }

    /** Renders with the engine given (the render function primes it for SnapStart). */
    public RenderService renderService(LiquidEngine liquid) {
        require(config.hubBaseUrl(), CairnConfig.HUB_BASE_URL); // Links in emails are built from it.
        return new RenderService(entityStore(), new ProgramCatalog(programStore(), liquid), liquid, hubPageStore(),
                queueSender(), require(config.deliverQueueUrl(), CairnConfig.DELIVER_QUEUE_URL), clock,
                feedbackLinks(), runStore(), planService()::forContact, planService()::metrics,
                new EngagementStore(clients.dynamoDb(), table()));
    }

    /** The render stage's queue messages: their contacts rendered together, a message's failed contacts split off. */
    public RenderMessages renderMessages(LiquidEngine liquid) {
        return new RenderMessages(renderService(liquid), queueSender(),
                require(config.renderQueueUrl(), CairnConfig.RENDER_QUEUE_URL), retryBackoff(), runStore());
    }

    /** Signed links through the public feedback API: the render stage puts them in pages and emails. */
    public FeedbackLinks feedbackLinks() {
        return new FeedbackLinks(tokenSigner(), require(config.feedbackBaseUrl(), CairnConfig.FEEDBACK_BASE_URL),
                contactRefs());
    }

    public TokenSigner tokenSigner() {
        return new TokenSigner(require(config.tokenSigningKey(), CairnConfig.TOKEN_SIGNING_KEY), clock);
    }

    public ContactRefs contactRefs() {
        return new ContactRefs(require(config.tokenSigningKey(), CairnConfig.TOKEN_SIGNING_KEY), clients.dynamoDb(),
                require(config.tableName(), CairnConfig.TABLE_NAME));
    }

    public Suppressions suppressions() {
        return new Suppressions(clients.dynamoDb(), require(config.tableName(), CairnConfig.TABLE_NAME));
    }

    /** The public API served by the feedback-api function: tracked links, poll answers, unsubscribes. */
    public FeedbackApi feedbackApi() {
        String table = require(config.tableName(), CairnConfig.TABLE_NAME);
        return new FeedbackApi(tokenSigner(), new FeedbackService(contactRefs(), entityStore(),
                new EngagementStore(clients.dynamoDb(), table), new PollAnswers(clients.dynamoDb(), table),
                suppressions(), ingestService(), sequenceStore(), clock), planService());
    }

    public DeliveryService deliveryService() {
        String table = require(config.tableName(), CairnConfig.TABLE_NAME);
        SendRate rate = SendRate.share(requireNumber(config.maxSendRate(), CairnConfig.MAX_SEND_RATE),
                (int) requireNumber(config.deliverConcurrency(), CairnConfig.DELIVER_CONCURRENCY));
        return new DeliveryService(new DeliveryStore(clients.dynamoDb(), table, clock),
                new Mailer(clients.signedHttp("SesV2", "ses"), clients.endpoint("email"),
                        require(config.senderAddress(), CairnConfig.SENDER_ADDRESS),
                        require(config.configurationSet(), CairnConfig.CONFIGURATION_SET), rate),
                suppressions(), dueStore(), runStore(), clock);
    }

    /** The last receive of a queue message before its redrive policy dead-letters it. */
    public int maxReceiveCount() {
        return (int) requireNumber(config.maxReceiveCount(), CairnConfig.MAX_RECEIVE_COUNT);
    }

    /** How the SQS handlers delay the retries of failed records (RetryBackoff). */
    public RetryVisibility retryVisibility() {
        return new RetryVisibility(sqs(), retryBackoff());
    }

    private QueueSender queueSender() {
        return new QueueSender(sqs());
    }

    /** SQS without the SDK's client, which no function builds or packages (SqsApi). */
    private SqsApi sqs() {
        return new SqsApi(() -> clients.signedHttp("Sqs", "sqs"), () -> clients.endpoint("sqs"));
    }

    private RetryBackoff retryBackoff() {
        return RetryBackoff.parse(require(config.retryBackoffSeconds(), CairnConfig.RETRY_BACKOFF_SECONDS),
                CairnConfig.RETRY_BACKOFF_SECONDS);
    }

    /** Bounces and complaints that SES reports through the configuration set's event destination. */
    public SesEvents sesEvents() {
        return new SesEvents(suppressions(), clock);
    }
}
