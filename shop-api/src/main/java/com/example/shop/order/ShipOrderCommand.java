package com.example.shop.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The carrier accepted the shipment: the order ships and its reserved stock leaves the warehouse. */
public record ShipOrderCommand(@TargetAggregateIdentifier String orderId, String shipmentId) {}
