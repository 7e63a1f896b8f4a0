package com.example.shop.query.order;

import com.example.shop.order.OrderPersonalData;
import com.example.shop.order.OrderRefund;
import com.example.shop.order.ShippingAddress;
import com.example.shop.privacy.PersonalDataCipher;
import com.example.shop.privacy.UnreadablePersonalDataException;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An order as its customer and staff see it: the view, with its personal data opened, and where the
 * order ended after its payment was started, whether its money has gone back yet ({@code refund}).
 */
public record OrderDetails(@JsonUnwrapped OrderView order, OrderRefund refund, PersonalData personalData) {

    private static final Logger log = LoggerFactory.getLogger(OrderDetails.class);

    public enum Availability {
        PRESENT,
        ERASED,
        UNREADABLE,
        NONE
    }

    /** {@code card} shows only the last four characters of the card token. */
    public record PersonalData(Availability availability, ShippingAddress shippingAddress, String card) {}

    static OrderDetails of(OrderView order, PersonalDataCipher cipher) {
        OrderPersonalData sealed = order.personalData();
        if (sealed == null) {
            return new OrderDetails(order, order.refund(), new PersonalData(Availability.NONE, null, null));
        }
        try {
            ShippingAddress address =
                    cipher.open(sealed.shippingAddress(), ShippingAddress.class).orElse(null);
            String card = cipher.open(sealed.cardToken(), String.class).orElse(null);
            if (address == null || card == null) {
                return new OrderDetails(order, order.refund(), new PersonalData(Availability.ERASED, null, null));
            }
            return new OrderDetails(
                    order, order.refund(), new PersonalData(Availability.PRESENT, address, masked(card)));
        } catch (UnreadablePersonalDataException e) {
            log.error("order {}: {}", order.orderId(), e.getMessage());
            return new OrderDetails(order, order.refund(), new PersonalData(Availability.UNREADABLE, null, null));
        }
    }

    private static String masked(String cardToken) {
        return "•••• " + cardToken.substring(Math.max(0, cardToken.length() - 4));
    }
}
