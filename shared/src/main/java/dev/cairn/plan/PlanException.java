package dev.cairn.plan;

/** A change to a plan that cannot be made; {@code reason} says which kind, for the API's status code. */
public final class PlanException extends RuntimeException {

    public enum Reason { NOT_FOUND, CONFLICT, INVALID }

    private final Reason reason;

    public PlanException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
