package com.example.shop.app.roles;

import com.example.shop.fulfilment.OrderFulfilmentSaga;
import com.example.shop.query.campaign.CampaignProjection;
import com.example.shop.query.catalog.ProductProjection;
import com.example.shop.query.order.OrderProjection;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A part of the work a node may take on (ADR 0022). Every node answers HTTP, sends commands and reads the read
 * models; a role says what else it does.
 */
public enum NodeRole {
    /** Decides commands: the node takes a share of the aggregates on the cluster's consistent hash. */
    COMMAND(List.of()),
    /** Builds the read models: the node works on segments of the shared projections. */
    QUERY(List.of(OrderProjection.GROUP, ProductProjection.GROUP, CampaignProjection.GROUP)),
    /** Fulfils orders: the node works on segments of the saga's processor and runs the saga's deadlines. */
    SAGA(List.of(OrderFulfilmentSaga.PROCESSING_GROUP));

    private final List<String> processingGroups;

    NodeRole(List<String> processingGroups) {
        this.processingGroups = processingGroups;
    }

    /** The shared processors (their tokens in the shared token store) this role works on. */
    public List<String> processingGroups() {
        return processingGroups;
    }

    /** The role whose nodes work on the given shared processor; empty for a processor every node runs for itself. */
    public static Optional<NodeRole> working(String processingGroup) {
        return Arrays.stream(values())
                .filter(role -> role.processingGroups.contains(processingGroup))
                .findFirst();
    }

    /** Every shared processor, of all roles. */
    public static List<String> sharedProcessingGroups() {
        return Arrays.stream(values())
                .flatMap(role -> role.processingGroups.stream())
                .toList();
    }
}
