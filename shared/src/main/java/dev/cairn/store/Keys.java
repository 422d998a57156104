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

    public static final String ACCOUNT_SK = "ACCOUNT";
    public static final String CONTACT_SK = "CONTACT";
    public static final String HUB_SK = "HUB";
    public static final String IMPORT_SK = "IMPORT";
    public static final String PROGRAM_INDEX_PK = "PROGRAMS";
    /** GSI1 partition holding every success plan, sorted by start date (portfolio onboarding metrics). */
    public static final String PLANS_INDEX_PK = "PLANS";
    public static final String PLAN_PREFIX = "PLAN#";

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

    public static String importRecord(String importId) {
        return "IMPORT#" + importId;
    }

    public static String program(String programId) {
        return "PROGRAM#" + programId;
    }

    /** Zero-padded so that versions sort in order. */
    public static String programVersion(int version) {
        return String.format("VERSION#%06d", version);
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
}
