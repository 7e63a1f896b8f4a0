package com.example.shop.operations.admission;

/**
 * Decides whether a new order may be accepted now. Accepting faster than orders can be fulfilled only
 * builds a backlog that every customer waits behind, and starves the read models of CPU; refusing early,
 * with a time to come back, keeps the service responsive.
 */
public interface OrderAdmission {

    /** @throws com.example.shop.rules.OverloadedException when the order must wait */
    void admit();
}
