package com.example.shop.privacy.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.example.shop.privacy.PersonalDataCipher;
import com.example.shop.privacy.UnreadablePersonalDataException;
import com.example.shop.query.order.OrderView;
import com.example.shop.query.projection.ProjectionCollections;
import com.example.shop.simulator.Charge;
import com.example.shop.simulator.Shipment;
import com.example.shop.support.Api;
import com.example.shop.support.CapturedLog;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Addresses, card tokens and e-mail addresses are stored only sealed (AES-256-GCM under the customer's data
 * key), opened for the providers and the customer, and gone for good once the customer is erased. E-mail
 * addresses are found again by their blind index, which goes with the erasure too.
 */
class PersonalDataIT extends ServiceTest {

    @Autowired
    MongoTemplate mongo;

    @Autowired
    ProjectionCollections collections;

    @Autowired
    CustomerDataKeys dataKeys;

    @Autowired
    BlindIndex emailIndex;

    private record Placed(Person customer, String orderId, String street, String cardToken) {}

    private record Person(String customerId, String email, String password, Api api) {}

    /**
     * A customer whose address reaches every table that ever held one: registered and logged in with an
     * Idempotency-Key (the stored answers), and with a failed login that the throttle counts.
     */
    private Person registeredEverywhere() {
        String email = unique("Mail").toLowerCase() + "@example.test";
        String password = "correct horse battery " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Api.Response registered =
                anonymous.post("/auth/register", Api.credentials(email, password), "Idempotency-Key", key);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        Api.Response replayed =
                anonymous.post("/auth/register", Api.credentials(email, password), "Idempotency-Key", key);
        assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(replayed.json()).as("the sealed answer opens for the replay").isEqualTo(registered.json());
        assertThat(replayed.json().path("email").asText()).isEqualTo(email);
        assertThat(anonymous
                        .login(email.toUpperCase(), "a wrong password, counted")
                        .status())
                .isEqualTo(401);
        assertThat(anonymous
                        .post("/auth/login", Api.credentials(email, password), "Idempotency-Key", key + "-login")
                        .status())
                .isEqualTo(200);
        assertThat(anonymous
                        .login("nobody-" + email, "a wrong password, counted")
                        .status())
                .isEqualTo(401);
        return new Person(
                registered.json().path("customerId").asText(), email, password, anonymous.loggedInAs(email, password));
    }

    /** The address in any spelling a dump could show: in any case, as hex of its bytes. */
    private static void assertNoEmailAddress(List<String> dump, String email) {
        String all = String.join("\n", dump);
        String hex = java.util.HexFormat.of().formatHex(email.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(all).doesNotContainIgnoringCase(email).doesNotContainIgnoringCase(hex);
    }

    private Placed placeAndShip() {
        String sku = unique("PII");
        assertThat(api.post("/products", Api.product(sku, 1250, "EUR", 5)).status())
                .isEqualTo(201);
        Person customer = registeredEverywhere();
        String marker = UUID.randomUUID().toString().replace("-", "");
        String street = "Secret Street " + marker;
        String cardToken = "tok_card_" + marker;
        Api.Response placed = customer.api().post("/orders", """
                {"currency":"EUR","lines":[{"sku":"%s","quantity":2}],
                 "shippingAddress":{"name":"Grace Hopper","line1":"%s","postalCode":"20500","city":"Arlington","country":"US"},
                 "payment":{"cardToken":"%s"}}""".formatted(sku, street, cardToken));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(202);
        String orderId = placed.json().path("orderId").asText();
        assertThat(awaitEnded(List.of(orderId), Duration.ofSeconds(30))).containsEntry(orderId, "OrderShippedEvent");
        return new Placed(customer, orderId, street, cardToken);
    }

    private JsonNode order(Api caller, String orderId) {
        return org.awaitility.Awaitility.await()
                .until(
                        () -> caller.get("/orders/" + orderId),
                        answer -> answer.status() == 200
                                && "SHIPPED".equals(answer.json().path("status").asText()))
                .json();
    }

    /**
     * Every row of every table, bytea columns rendered with their bytes as text (so plaintext would show) and
     * as hex (so a known digest would).
     * Identifiers cannot be bound, so PostgreSQL itself quotes them ({@code format('%I')}) and runs each
     * table's query ({@code query_to_xml}); the statement sent from here is one fixed string.
     */
    private List<String> databaseDump() {
        List<String> tables = jdbc.sql("""
                select query_to_xml(format('select concat_ws(''|'', %s) as dumped from %I',
                           string_agg(case when data_type = 'bytea'
                                           then format('encode(%I, ''escape'') || '' '' || encode(%I, ''hex'')', column_name, column_name)
                                           else format('%I::text', column_name) end, ', ' order by ordinal_position),
                           table_name), false, false, '')::text
                from information_schema.columns where table_schema = 'public' group by table_name""").query(String.class).list();
        List<String> rows = new ArrayList<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile(
                        "<dumped>(.*?)</dumped>", java.util.regex.Pattern.DOTALL)
                .matcher(String.join("\n", tables));
        while (row.find()) {
            rows.add(row.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
        }
        return rows;
    }

    private List<String> readModelDump() {
        List<String> documents = new ArrayList<>();
        mongo.getCollectionNames()
                .forEach(collection -> mongo.findAll(Document.class, collection)
                        .forEach(document -> documents.add(document.toJson())));
        return documents;
    }

    @Test
    void personalDataIsStoredOnlySealedAndOpenedForTheProvidersAndTheCustomer() {
        Placed placed = placeAndShip();

        JsonNode order = order(placed.customer().api(), placed.orderId());
        assertThat(order.path("personalData").path("availability").asText()).isEqualTo("PRESENT");
        assertThat(order.path("personalData")
                        .path("shippingAddress")
                        .path("line1")
                        .asText())
                .isEqualTo(placed.street());
        assertThat(order.path("personalData").path("card").asText())
                .isEqualTo("•••• "
                        + placed.cardToken().substring(placed.cardToken().length() - 4));
        assertThat(order.toString())
                .doesNotContain(placed.cardToken())
                .doesNotContain(CustomerDataKeys.class.getSimpleName());

        // decrypted only on the way out, to the providers
        assertThat(paymentGateway.ledger()).extracting(Charge::cardToken).contains(placed.cardToken());
        assertThat(shippingCarrier.ledger())
                .extracting(Shipment::destination)
                .anySatisfy(destination -> assertThat(destination).contains(placed.street()));

        List<String> dump = databaseDump();
        // the dump reaches the events, the sagas' state and the data keys
        assertThat(dump)
                .anySatisfy(row -> assertThat(row).contains(placed.orderId()).contains("OrderPlacedEvent"));
        assertThat(dump)
                .anySatisfy(row -> assertThat(row)
                        .startsWith(placed.customer().customerId() + "|")
                        .contains("dev-"));
        assertThat(String.join("\n", dump))
                .doesNotContain(placed.street())
                .doesNotContain(placed.cardToken())
                .contains(PersonalDataCipher.PREFIX);
        String readModels = String.join("\n", readModelDump());
        assertThat(readModels)
                .contains(placed.orderId())
                .contains(PersonalDataCipher.PREFIX)
                .doesNotContain(placed.street())
                .doesNotContain(placed.cardToken());

        // e-mail addresses: not in any table (accounts, throttle, stored answers) nor in any read model
        String email = placed.customer().email();
        assertThat(jdbc.sql("select count(*) from idempotency_key where customer_id = :c")
                        .param("c", placed.customer().customerId())
                        .query(Long.class)
                        .single())
                .as("the stored answers")
                .isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from login_throttle")
                        .query(Long.class)
                        .single())
                .isPositive();
        assertNoEmailAddress(dump, email);
        assertThat(String.join("\n", dump))
                .as("not even its unique local part")
                .doesNotContainIgnoringCase(email.substring(0, email.indexOf('@')));
        assertNoEmailAddress(dump, ADMIN_EMAIL);
        assertNoEmailAddress(readModelDump(), email);
        // and found again by the blind index, in the one indexed look-up a login makes
        assertThat(jdbc.sql("select customer_id from account where email_index = :index")
                        .param("index", emailIndex.of(email))
                        .query(String.class)
                        .single())
                .isEqualTo(placed.customer().customerId());
    }

    @Test
    void erasingACustomerShredsTheirPersonalDataEverywhereAndKeepsTheirOrders() {
        Placed placed = placeAndShip();
        Person customer = placed.customer();
        Customer other = newCustomer();
        assertThat(other.api()
                        .delete("/customers/" + customer.customerId() + "/personal-data")
                        .status())
                .isEqualTo(404);

        String sealedEmail = jdbc.sql("select email_sealed from account where customer_id = :c")
                .param("c", customer.customerId())
                .query(String.class)
                .single();
        assertThat(dataKeys.open(sealedEmail, String.class)).hasValue(customer.email());

        assertThat(customer.api()
                        .delete("/customers/" + customer.customerId() + "/personal-data")
                        .status())
                .isEqualTo(204);

        // nothing of the address is recoverable: not in clear, not by its index, not from its sealed value
        List<String> dump = databaseDump();
        assertNoEmailAddress(dump, customer.email());
        String index = java.util.HexFormat.of().formatHex(emailIndex.of(customer.email()));
        assertThat(String.join("\n", dump)).as("the address's blind index").doesNotContain(index);
        assertThat(dump).as("the sealed address").noneMatch(row -> row.contains(sealedEmail));
        assertThat(dataKeys.open(sealedEmail, String.class)).isEmpty();
        assertThat(jdbc.sql("select count(*) from idempotency_key where customer_id = :c")
                        .param("c", customer.customerId())
                        .query(Long.class)
                        .single())
                .as("the stored answers")
                .isZero();

        JsonNode order = order(api, placed.orderId());
        assertThat(order.path("personalData").path("availability").asText()).isEqualTo("ERASED");
        assertThat(order.path("personalData").has("shippingAddress")).isFalse();
        assertThat(order.path("status").asText()).isEqualTo("SHIPPED");
        assertThat(order.path("total").path("amountMinor").asLong()).isEqualTo(2500);

        JsonNode history = api.get("/admin/audit/aggregates/" + placed.orderId() + "/events")
                .json();
        JsonNode personal = history.path("events").get(0).path("payload").path("personalData");
        assertThat(personal.path("shippingAddress").asText()).isEqualTo(CustomerDataKeys.ERASED);
        assertThat(personal.path("cardToken").asText()).isEqualTo(CustomerDataKeys.ERASED);

        // the sealed values are still stored, and the key that opened them is gone
        assertThat(jdbc.sql("select wrapped_key is null from customer_data_key where customer_id = :c")
                        .param("c", customer.customerId())
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(anonymous.login(customer.email(), customer.password()).status())
                .isEqualTo(401);
        assertThat(customer.api().get("/orders/" + placed.orderId()).status()).isEqualTo(401);
        Api.Response again = api.post("/orders", Api.order(customer.customerId(), "EUR", "ANY-1", 1));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("/problems/customer-erased");
        Api.Response sameAddress =
                anonymous.post("/auth/register", Api.credentials(customer.email(), "another long password"));
        assertThat(sameAddress.status()).as("the address is free again").isEqualTo(201);
    }

    @Test
    void aTamperedSealedValueIsDetectedAndNotShown() {
        Placed placed = placeAndShip();
        order(api, placed.orderId());
        Document stored = mongo.findById(placed.orderId(), Document.class, collections.serving(OrderView.class));
        String sealed = ((Document) stored.get("personalData")).getString("shippingAddress");
        char last = sealed.charAt(sealed.length() - 2);
        String tampered = sealed.substring(0, sealed.length() - 2)
                + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1);
        assertThatThrownBy(() -> dataKeys.open(tampered, Map.class))
                .isInstanceOf(UnreadablePersonalDataException.class);

        mongo.updateFirst(
                Query.query(Criteria.where("_id").is(placed.orderId())),
                Update.update("personalData.shippingAddress", tampered),
                OrderView.class,
                collections.serving(OrderView.class));
        Api.Response answer;
        try (CapturedLog alarm = CapturedLog.of("com.example.shop.query.order.OrderDetails")) {
            answer = placed.customer().api().get("/orders/" + placed.orderId());
            assertThat(alarm.messages(Level.ERROR))
                    .as("tampering is reported to the operators")
                    .singleElement()
                    .asString()
                    .startsWith("order " + placed.orderId() + ": ")
                    .endsWith(" failed authentication");
        }
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("personalData").path("availability").asText())
                .isEqualTo("UNREADABLE");
        assertThat(answer.rawBody()).doesNotContain("Secret Street");

        // a value moved to another customer (its envelope relabelled) does not open under their key either
        Customer other = newCustomer();
        dataKeys.seal(other.customerId(), "tok_other_customer");
        byte[] envelope = java.util.Base64.getUrlDecoder().decode(sealed.substring(PersonalDataCipher.PREFIX.length()));
        byte[] otherId = ("c:" + other.customerId()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(otherId.length).isEqualTo(envelope[1]);
        System.arraycopy(otherId, 0, envelope, 2, otherId.length);
        String relabelled = PersonalDataCipher.PREFIX
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(envelope);
        assertThatThrownBy(() -> dataKeys.open(relabelled, Map.class))
                .isInstanceOf(UnreadablePersonalDataException.class);
        assertThat(dataKeys.open(sealed, Map.class))
                .hasValueSatisfying(address -> assertThat(address.get("line1")).isEqualTo(placed.street()));
    }
}
