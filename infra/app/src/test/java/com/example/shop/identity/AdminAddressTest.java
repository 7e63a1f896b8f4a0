package com.example.shop.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** The first admin's configured address is held to the same rules as a customer's, and stored the same way. */
class AdminAddressTest {

    @Test
    void anInvalidAddressStopsTheStart() {
        for (String address : new String[] {"", " ", "admin", "admin@localhost", "admin@@shop.example", null}) {
            assertThatIllegalArgumentException()
                    .as("'" + address + "'")
                    .isThrownBy(() -> new SecuritySettings.Admin(address, null))
                    .withMessageContaining("shop.security.admin.email");
        }
    }

    @Test
    void aValidAddressIsNormalised() {
        assertThat(new SecuritySettings.Admin("  Boss@Shop.Example ", null).email())
                .isEqualTo("boss@shop.example");
    }
}
