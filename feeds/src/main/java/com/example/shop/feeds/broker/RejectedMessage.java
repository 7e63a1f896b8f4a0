package com.example.shop.feeds.broker;

/**
 * A message that will never pass as it is: malformed, incomplete, or refused by the aggregate it is for. It goes to
 * the feed's dead-letter queue at once, with {@code reason} (a stable code) and a detail for people.
 */
public class RejectedMessage extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public RejectedMessage(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
