package com.example.shop.operations.admission;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shop.orders.admission.*}: when {@code POST /orders} is refused with 503 and Retry-After, before
 * authentication ({@link FulfilmentBacklogAdmission}).
 *
 * @param maxOpenOrders    orders still being fulfilled, across all nodes, at which new orders are refused
 * @param maxProjectionLag new orders are refused while the oldest event the orders read model has not handled
 *                         has waited longer than this
 * @param sampleEvery      how often the orders being fulfilled and the orders read model's lag are measured
 */
@Validated
@ConfigurationProperties("shop.orders.admission")
public record AdmissionSettings(
        @DefaultValue("200") @Min(1) long maxOpenOrders,
        @DefaultValue("PT0.4S") Duration maxProjectionLag,
        @DefaultValue("PT0.2S") Duration sampleEvery) {

    public AdmissionSettings {
        if (maxProjectionLag.isNegative()) {
            throw new IllegalArgumentException(
                    "shop.orders.admission.max-projection-lag must not be negative, was " + maxProjectionLag);
        }
        if (sampleEvery.isNegative() || sampleEvery.isZero()) {
            throw new IllegalArgumentException(
                    "shop.orders.admission.sample-every must be positive, was " + sampleEvery);
        }
    }
}
