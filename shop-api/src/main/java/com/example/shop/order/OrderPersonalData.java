package com.example.shop.order;

import com.example.shop.privacy.PersonalDataCipher;

/**
 * An order's personal data, each field sealed by {@link PersonalDataCipher} under the customer's data key:
 * the {@link ShippingAddress} and the payment card token. Null in orders placed before it existed.
 */
public record OrderPersonalData(String shippingAddress, String cardToken) {

    public OrderPersonalData {
        if (!PersonalDataCipher.isSealed(shippingAddress) || !PersonalDataCipher.isSealed(cardToken)) {
            throw new IllegalArgumentException("personal data must be sealed before it enters an order");
        }
    }
}
