package com.example.shop.fulfilment;

/**
 * Where a saga leaves the deadlines it armed and no longer needs: a retry made void by a newer one, the
 * payment deadline of a paid order, everything still armed when the saga ends. They are removed in bulk
 * without firing; one that is firing at that moment is left to fire into nothing, which the saga ignores.
 */
public interface StaleDeadlines {

    /** @param scheduleId what {@code DeadlineManager.schedule} answered; null is ignored */
    void discard(String scheduleId);
}
