package dev.cairn.store;

/**
 * Key layout of Cairn's single table (see docs/data-model.md). Ids are the customer's external ids; they never
 * appear in S3 keys or URLs.
 */
public final class Keys {

    public static final String PK = "PK";
    public static final String SK = "SK";
    public static final String GSI1 = "GSI1";
    public static final String GSI1PK = "GSI1PK";
    public static final String GSI1SK = "GSI1SK";
    /** Sparse index of accounts and contacts, spread over shards so that a run or sweep pages through them in parallel. */
    public static final String GSI2 = "GSI2";
    public static final String GSI2PK = "GSI2PK";
    public static final String GSI2SK = "GSI2SK";
    public static final int AUDIENCE_SHARDS = 16;

    public static final String ACCOUNT_SK = "ACCOUNT";
    public static final String CONTACT_SK = "CONTACT";
    public static final String HUB_SK = "HUB";
    public static final String IMPORT_SK = "IMPORT";
    public static final String PROGRAM_INDEX_PK = "PROGRAMS";
    /** GSI1 partition holding every success plan, sorted by start date (portfolio onboarding metrics). */
    public static final String PLANS_INDEX_PK = "PLANS";
    public static final String PLAN_PREFIX = "PLAN#";
    /** Reviews kept under keys of their own (old format, no longer written): read for carry-over and erasure. */
    public static final String REVIEW_PREFIX = "REVIEW#";

    private Keys() {
    }

    public static String account(String accountId) {
        return "ACCOUNT#" + accountId;
    }

    public static String contact(String contactId) {
        return "CONTACT#" + contactId;
    }

    /** Sorted by metric, then date, so a metric's history is one Query. */
    public static String metric(String metric, String date, String contactId) {
        return "METRIC#" + metric + "#" + date + "#" + contactId;
    }

    /** Sorted by time, so an account's recent events are one Query. */
    public static String event(String timestamp, String event, String contactId) {
        return "EVENT#" + timestamp + "#" + event + "#" + contactId;
    }

    /** The GSI2 partition of an account or contact: "CONTACTS#7". */
    public static String audienceShard(String kind, String id) {
        return audienceShard(kind, Math.floorMod(id.hashCode(), AUDIENCE_SHARDS));
    }

    public static String audienceShard(String kind, int shard) {
        return kind.toUpperCase(java.util.Locale.ROOT) + "S#" + shard;
    }

    public static String entry(String programId) {
        return "ENTRY#" + programId;
    }

    public static String run(String runId) {
        return "RUN#" + runId;
    }

    public static String importRecord(String importId) {
        return "IMPORT#" + importId;
    }

    public static String program(String programId) {
        return "PROGRAM#" + programId;
    }

    private static final String PROGRAM_VERSION_PREFIX = "VERSION#";

    /** Zero-padded so that versions sort in order. */
    public static String programVersion(int version) {
        return String.format(PROGRAM_VERSION_PREFIX + "%06d", version);
    }

    /** The version number a {@link #programVersion} sort key holds. */
    public static int versionOf(String programVersionSortKey) {
        return Integer.parseInt(programVersionSortKey.substring(PROGRAM_VERSION_PREFIX.length()));
    }

    /** A contact's place in a run's sequence: what starts when it engages, and whether it has. */
    public static String sequence(String programId, String runId) {
        return "SEQUENCE#" + programId + "#" + runId;
    }

    public static String delivery(String programId, String runId, String step) {
        return "DELIVERY#" + programId + "#" + runId + "#" + step;
    }

    /** A success plan, in its account's partition. */
    public static String plan(String planId) {
        return PLAN_PREFIX + planId;
    }

    /** GSI1 sort key of a plan: by start date, so a date range is one Query. */
    public static String planByStart(String startDate, String accountId, String planId) {
        return "START#" + startDate + "#" + accountId + "#" + planId;
    }

    /** A contact's stored reference for signed links (made before 2026-11-23): the item in its partition, and its index entry in GSI1. */
    public static final String CONTACT_REF_SK = "REF";

    public static String contactRef(String ref) {
        return "CONTACTREF#" + ref;
    }

    /** One per (contact, program, run): what the contact did with that run's email and page. */
    public static String engagement(String programId, String runId) {
        return "ENGAGEMENT#" + programId + "#" + runId;
    }

    /** GSI1 partition of a run's engagement records, so that a run's counters are one Query. */
    public static String runEngagements(String programId, String runId) {
        return "ENGAGEMENTS#" + programId + "#" + runId;
    }

    /** A contact's current answer to one poll instance (sort key), and the instance's answers in GSI1 (partition). */
    public static String pollAnswer(String programId, String runId, String pollId) {
        return "POLL#" + programId + "#" + runId + "#" + pollId;
    }

    /** Every answer ever given, sorted by time after the poll instance. */
    public static String pollHistory(String programId, String runId, String pollId, String answeredAt) {
        return "POLLHISTORY#" + programId + "#" + runId + "#" + pollId + "#" + answeredAt;
    }

    public static final String SUPPRESSION_PREFIX = "SUPPRESSION#";
    public static final String SUPPRESSION_ALL = SUPPRESSION_PREFIX + "ALL";

    /** A contact's opt-out of one category of programs; {@link #SUPPRESSION_ALL} opts out of everything. */
    public static String suppression(String category) {
        return SUPPRESSION_PREFIX + "CATEGORY#" + category;
    }

    /**
     * An address that SES reported as hard-bounced or complained about: its own partition, keyed by a hash of the
     * address (not the address), so that it outlives the erasure of any contact that had it.
     */
    public static String address(String addressHash) {
        return "ADDRESS#" + addressHash;
    }

    public static final String ADDRESS_SUPPRESSION_SK = "SUPPRESSION";
}
