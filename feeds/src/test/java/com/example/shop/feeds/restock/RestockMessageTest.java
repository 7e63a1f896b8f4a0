package com.example.shop.feeds.restock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.shop.feeds.broker.RejectedMessage;
import com.example.shop.inventory.RestockCommand;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestockMessageTest {

    private static RestockMessage read(String json) {
        return RestockMessage.read(json.getBytes(StandardCharsets.UTF_8), 1_000);
    }

    @Test
    void aWellFormedMessageBecomesARestockOfItsDelivery() {
        RestockMessage message =
                read("{\"sku\":\"SKU-1\",\"quantity\":12,\"deliveryId\":\"D-7\",\"supplier\":\"acme\"}");
        assertThat(message.command()).isEqualTo(new RestockCommand("SKU-1", 12, "acme/D-7"));
    }

    @Test
    void withoutASupplierTheDeliveryIdAloneIsTheKey() {
        assertThat(read("{\"sku\":\"SKU-1\",\"quantity\":1,\"deliveryId\":\"D-7\"}")
                        .deliveryKey())
                .isEqualTo("D-7");
    }

    @Test
    void fieldsThisVersionDoesNotKnowAreIgnored() {
        assertThat(read("{\"sku\":\"SKU-1\",\"quantity\":1,\"deliveryId\":\"D-7\",\"note\":\"pallet 3\"}")
                        .quantity())
                .isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json                                                              | malformed-json",
                "{\"sku\":\"SKU-1\",\"quantity\":1,\"deliveryId\":\"D-7\"                      | malformed-json",
                "[1,2]                                                                 | malformed-json",
                "{\"sku\":\"SKU-1\",\"quantity\":1,\"deliveryId\":\"D-7\"} {}                 | malformed-json",
                "{\"sku\":\"SKU-1\",\"sku\":\"SKU-2\",\"quantity\":1,\"deliveryId\":\"D-7\"}   | malformed-json",
                "{\"quantity\":1,\"deliveryId\":\"D-7\"}                                   | missing-field",
                "{\"sku\":\"SKU-1\",\"deliveryId\":\"D-7\"}                                | missing-field",
                "{\"sku\":\"SKU-1\",\"quantity\":1}                                      | missing-field",
                "{\"sku\":\"SKU-1\",\"quantity\":1,\"deliveryId\":null}                     | missing-field",
                "{\"sku\":\"sku one\",\"quantity\":1,\"deliveryId\":\"D-7\"}                  | invalid-field",
                "{\"sku\":\"SKU-1\",\"quantity\":\"5\",\"deliveryId\":\"D-7\"}                 | invalid-field",
                "{\"sku\":\"SKU-1\",\"quantity\":1.5,\"deliveryId\":\"D-7\"}                 | invalid-field",
                "{\"sku\":\"SKU-1\",\"quantity\":99999999999999999999,\"deliveryId\":\"D-7\"} | invalid-field",
                "{\"sku\":\"SKU-1\",\"quantity\":1,\"deliveryId\":\"D/7\"}                   | invalid-field",
                "{\"sku\":\"SKU-1\",\"quantity\":1,\"deliveryId\":7}                       | invalid-field",
                "{\"sku\":\"SKU-1\",\"quantity\":1,\"deliveryId\":\"D-7\",\"supplier\":\"a/b\"} | invalid-field",
                "{\"sku\":\"SKU-1\",\"quantity\":0,\"deliveryId\":\"D-7\"}                   | invalid-quantity",
                "{\"sku\":\"SKU-1\",\"quantity\":-3,\"deliveryId\":\"D-7\"}                  | invalid-quantity"
            })
    void aBadMessageIsRejectedWithItsReason(String body, String reason) {
        assertThatThrownBy(() -> read(body.strip()))
                .isInstanceOfSatisfying(
                        RejectedMessage.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(reason));
    }

    @Test
    void aMessageOverTheLimitIsRejectedUnread() {
        byte[] body = ("{\"sku\":\"SKU-1\",\"quantity\":1,\"deliveryId\":\"" + "D".repeat(2_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RestockMessage.read(body, 1_000))
                .isInstanceOfSatisfying(
                        RejectedMessage.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo("too-large"));
    }
}
