package dev.cairn.api;

/** Ends a request with an error response; the message is shown to the API caller. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public ApiResponse toResponse() {
        return ApiResponse.error(status, code, getMessage());
    }
}
