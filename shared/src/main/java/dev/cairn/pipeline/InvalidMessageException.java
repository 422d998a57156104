package dev.cairn.pipeline;

/** A queue message that can never be processed; it fails its record so that it ends in the dead-letter queue. */
public class InvalidMessageException extends RuntimeException {
    public InvalidMessageException(String message) {
        super(message);
    }
}
