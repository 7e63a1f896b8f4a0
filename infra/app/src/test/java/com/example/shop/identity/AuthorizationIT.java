package com.example.shop.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Roles and ownership: customers reach only their own orders and claims; staff reach everything. */
class AuthorizationIT extends ServiceTest {

    @Test
    void withoutATokenOnlyThePublicEndpointsAnswer() {
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.get("/.well-known/jwks.json").json().path("keys").size())
                .isPositive();
        for (String path : new String[] {
            "/products",
            "/orders/" + java.util.UUID.randomUUID(),
            "/admin/projections",
            "/actuator/metrics",
            "/actuator/prometheus",
            "/customers/x/orders"
        }) {
            Api.Response answer = anonymous.get(path);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.problemType()).isEqualTo("/problems/unauthenticated");
        }
        assertThat(anonymous.post("/orders", Api.order("x", "EUR", "NOPE-1", 1)).status())
                .isEqualTo(401);
    }

    @Test
    void customersAreNotStaff() {
        Api customer = newCustomer().api();
        String sku = unique("AUTHZ");
        for (Api.Response answer : new Api.Response[] {
            customer.post("/products", Api.product(sku, 100, "EUR", 5)),
            customer.post("/products/" + sku + "/restock", "{\"quantity\":5}"),
            customer.post("/admin/campaigns", "{}"),
            customer.get("/admin/projections"),
            customer.get("/admin/dead-letters"),
            customer.get("/admin/audit/aggregates/" + sku + "/events"),
            customer.post("/admin/signing-keys/rotate", "{}"),
            customer.get("/actuator/metrics"),
            customer.get("/actuator/prometheus")
        }) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
            assertThat(answer.problemType()).isEqualTo("/problems/forbidden");
        }
        assertThat(customer.get("/actuator/health").status()).isEqualTo(200);
        assertThat(customer.get("/products").status()).isEqualTo(200);
    }

    @Test
    void aCustomerSeesAndChangesOnlyTheirOwnOrders() {
        String sku = unique("OWN");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 10)).status())
                .isEqualTo(201);
        Customer alice = newCustomer();
        Customer bob = newCustomer();

        Api.Response placed = alice.api().post("/orders", """
                {"currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":1}]}""".formatted(sku));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(202);
        String orderId = placed.json().path("orderId").asText();
        org.awaitility.Awaitility.await()
                .until(() -> alice.api().get("/orders/" + orderId).status() == 200);
        assertThat(alice.api()
                        .get("/orders/" + orderId)
                        .json()
                        .path("customerId")
                        .asText())
                .isEqualTo(alice.customerId());

        Api.Response unknownOrder = bob.api().get("/orders/" + java.util.UUID.randomUUID());
        Api.Response othersOrder = bob.api().get("/orders/" + orderId);
        assertThat(othersOrder.status()).isEqualTo(404);
        assertThat(othersOrder.jsonWithout("instance", "detail", "orderId"))
                .isEqualTo(unknownOrder.jsonWithout("instance", "detail", "orderId"));
        assertThat(bob.api().get("/orders/" + orderId + "/status-events").status())
                .isEqualTo(404);
        assertThat(bob.api().get("/customers/" + alice.customerId() + "/orders").status())
                .isEqualTo(404);
        assertThat(bob.api().post("/orders/" + orderId + "/cancel", "{}").status())
                .isEqualTo(404);
        assertThat(bob.api()
                        .post("/orders", Api.order(alice.customerId(), "EUR", sku, 1))
                        .problemType())
                .isEqualTo("/problems/acting-for-another-customer");
        assertThat(ordersPlacedBy(alice.customerId())).isEqualTo(1);

        org.awaitility.Awaitility.await()
                .until(() -> alice.api()
                                .get("/customers/" + alice.customerId() + "/orders")
                                .json()
                                .path("items")
                                .size()
                        == 1);
        assertThat(api.get("/orders/" + orderId).status()).isEqualTo(200);
        assertThat(alice.api().post("/orders/" + orderId + "/cancel", "{}").status())
                .isIn(202, 409);
    }

    @Test
    void aCustomerClaimsAndReadsOnlyTheirOwnDiscount() {
        String campaignId = unique("authz-campaign").toLowerCase();
        Instant now = Instant.now();
        assertThat(api.post("/admin/campaigns", """
                {"campaignId":"%s","name":"Own claims","quota":10,"discountPercent":50,"startsAt":"%s","endsAt":"%s"}""".formatted(
                                        campaignId, now.minus(1, ChronoUnit.MINUTES), now.plus(1, ChronoUnit.HOURS)))
                        .status())
                .isEqualTo(201);
        Customer alice = newCustomer();
        Customer bob = newCustomer();

        Api.Response claimed = alice.api().post("/campaigns/" + campaignId + "/claims", "{}");
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(201);
        assertThat(claimed.json().path("customerId").asText()).isEqualTo(alice.customerId());

        assertThat(bob.api()
                        .post("/campaigns/" + campaignId + "/claims", "{\"customerId\":\"" + alice.customerId() + "\"}")
                        .status())
                .isEqualTo(403);
        org.awaitility.Awaitility.await()
                .until(() -> alice.api()
                                .get("/campaigns/" + campaignId + "/claims/" + alice.customerId())
                                .status()
                        == 200);
        assertThat(bob.api()
                        .get("/campaigns/" + campaignId + "/claims/" + alice.customerId())
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/campaigns/" + campaignId + "/claims/" + alice.customerId())
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/campaigns/" + campaignId + "/claims", "{}").problemType())
                .isEqualTo("/problems/invalid-customer");
    }

    @Test
    void idempotencyKeysBelongToTheCallerWhoUsedThem() {
        String sku = unique("IDEM-OWN");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 10)).status())
                .isEqualTo(201);
        Customer alice = newCustomer();
        Customer bob = newCustomer();
        String order =
                "{\"currency\":\"EUR\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}]," + Api.PERSONAL_DATA + "}";

        Api.Response alices = alice.api().post("/orders", order, "Idempotency-Key", "shared-key");
        Api.Response bobs = bob.api().post("/orders", order, "Idempotency-Key", "shared-key");
        assertThat(alices.status()).isEqualTo(202);
        assertThat(bobs.status()).isEqualTo(202);
        assertThat(bobs.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(bobs.json().path("orderId").asText())
                .isNotEqualTo(alices.json().path("orderId").asText());
        assertThat(ordersPlacedBy(bob.customerId())).isEqualTo(1);
    }
}
