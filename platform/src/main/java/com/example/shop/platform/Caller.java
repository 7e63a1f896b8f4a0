package com.example.shop.platform;

import com.example.shop.rules.ActingForOthersException;
import com.example.shop.rules.InvalidCommandException;
import java.util.Map;
import java.util.Objects;

/**
 * Who sent a request, as far as the domain cares: a customer acting for themselves, or staff (role ADMIN)
 * acting for any customer. Controllers receive it as a parameter; the web layer fills it from the
 * verified access token.
 */
public record Caller(String customerId, boolean staff) {

    public static Caller customer(String customerId) {
        return new Caller(Objects.requireNonNull(customerId), false);
    }

    public static Caller staffMember() {
        return new Caller(null, true);
    }

    public boolean mayActFor(String customer) {
        return staff || Objects.equals(customerId, customer);
    }

    /**
     * The customer a request is made for: the one it names, or for a customer who names nobody, themselves.
     *
     * @throws ActingForOthersException when a customer names somebody else
     * @throws InvalidCommandException when staff name nobody
     */
    public String customerFor(String requested) {
        if (staff) {
            if (requested == null) {
                throw new InvalidCommandException(
                        "invalid-customer", "customerId is required", Map.of("field", "customerId"));
            }
            return requested;
        }
        if (requested == null || requested.equals(customerId)) {
            return customerId;
        }
        throw new ActingForOthersException();
    }

    /** The customer an owned resource must belong to, or null when staff may touch any. */
    public String restrictedTo() {
        return staff ? null : customerId;
    }
}
