package dev.cairn.plan;

/** Who does a task: the customer's people, or the vendor's (CSM, solutions engineer, account executive). */
public enum Side {
    CUSTOMER, VENDOR;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
