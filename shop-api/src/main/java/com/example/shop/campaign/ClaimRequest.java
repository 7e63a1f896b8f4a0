package com.example.shop.campaign;

/**
 * One customer's attempt, with the claim id it will carry if granted (chosen before the decision), and who
 * asked for it in which request: a batch serves many requests, so each claim keeps its own principal and
 * correlation id for the audit.
 */
public record ClaimRequest(String customerId, String claimId, String principal, String correlationId) {}
