package dev.cairn.tracking;

/** A link that was forged, altered, expired, or used for another purpose. The message says which, for logs. */
public final class InvalidTokenException extends Exception {

    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
