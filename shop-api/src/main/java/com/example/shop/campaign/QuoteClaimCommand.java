package com.example.shop.campaign;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks the campaign, at the one node that writes it, which discount a customer's claim gives. A command,
 * not a read: another node's copy of the campaign may not yet know a claim granted a moment ago. Changes
 * nothing; refuses a claim that is unknown, another customer's, or used.
 */
public record QuoteClaimCommand(@TargetAggregateIdentifier String campaignId, String claimId, String customerId) {}
