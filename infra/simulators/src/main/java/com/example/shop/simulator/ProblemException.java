package com.example.shop.simulator;

/** A client error found while processing a request; answered as a problem JSON instead of being logged as a bug. */
final class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;

    ProblemException(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    static ProblemException badRequest(String detail) {
        return new ProblemException(400, "invalid-request", "Bad Request", detail);
    }

    Reply toReply() {
        return Reply.problem(status, slug, title, getMessage());
    }
}
