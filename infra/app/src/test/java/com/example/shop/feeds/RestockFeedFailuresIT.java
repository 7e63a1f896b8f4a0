package com.example.shop.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.inventory.StockIds;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the restock feed does with messages that do not pass at once: each kind of bad message is dead-lettered
 * with its reason and changes nothing; a redelivered one changes nothing; a database failure is tried again and
 * applied once it passes, or dead-lettered after the last attempt; a message is acknowledged only after its restock
 * committed. The database failures are real: a trigger on the event table fails the inserts of one stock, a table
 * lock holds them up.
 */
class RestockFeedFailuresIT extends FeedServiceTest {

    @Autowired
    private DataSource dataSource;

    @BeforeEach
    void faultsCanBeInjected() {
        jdbc.sql("create table if not exists feed_fault (aggregate_identifier text primary key, fail_first bigint)")
                .update();
        jdbc.sql("create sequence if not exists feed_fault_attempts").update();
        jdbc.sql("""
                        create or replace function feed_fault() returns trigger language plpgsql as $$
                        declare failures bigint;
                        begin
                            select fail_first into failures from feed_fault
                            where aggregate_identifier = new.aggregate_identifier;
                            if failures is not null and nextval('feed_fault_attempts') <= failures then
                                raise exception 'injected failure of %', new.aggregate_identifier;
                            end if;
                            return new;
                        end $$""").update();
        jdbc.sql("drop trigger if exists feed_fault on domain_event_entry").update();
        jdbc.sql(
                        "create trigger feed_fault before insert on domain_event_entry for each row execute function feed_fault()")
                .update();
    }

    @AfterEach
    void faultsRemoved() {
        jdbc.sql("drop trigger if exists feed_fault on domain_event_entry").update();
        jdbc.sql("drop function if exists feed_fault()").update();
        jdbc.sql("drop table if exists feed_fault").update();
        jdbc.sql("drop sequence if exists feed_fault_attempts").update();
    }

    private void failInsertsOf(String sku, long first) {
        jdbc.sql("alter sequence feed_fault_attempts restart").update();
        jdbc.sql("insert into feed_fault values (:stock, :first)")
                .param("stock", StockIds.of(sku))
                .param("first", first)
                .update();
    }

    private void healInsertsOf(String sku) {
        jdbc.sql("delete from feed_fault where aggregate_identifier = :stock")
                .param("stock", StockIds.of(sku))
                .update();
    }

    private JsonNode awaitDeadLetter(String marker) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> deadLettersWith(marker), letters -> !letters.isEmpty())
                .get(0);
    }

    private record Bad(String reason, String marker, String body) {}

    @Test
    void eachKindOfBadMessageIsDeadLetteredWithItsReasonAndChangesNothing() throws Exception {
        String sku = unique("BAD");
        registerProduct(sku, 10);
        List<Bad> bad = List.of(
                new Bad(
                        "malformed-json",
                        sku + "-M1",
                        "{\"sku\":\"" + sku + "\",\"quantity\":2,\"deliveryId\":\"" + sku + "-M1\""),
                new Bad(
                        "missing-field",
                        sku + "-M2",
                        "{\"sku\":\"" + sku + "\",\"quantity\":2,\"supplier\":\"" + sku + "-M2\"}"),
                new Bad(
                        "invalid-field",
                        sku + "-M3",
                        "{\"sku\":\"" + sku + "\",\"quantity\":2.5,\"deliveryId\":\"" + sku + "-M3\"}"),
                new Bad("invalid-quantity", sku + "-M4", restock(sku, 0, sku + "-M4", null)),
                new Bad("unknown-sku", sku + "-M5", restock(sku + "-GONE", 2, sku + "-M5", null)),
                new Bad(
                        "too-large",
                        sku + "-M6",
                        restock(sku, 2, sku + "-M6", null).replace("}", ",\"note\":\"" + "x".repeat(70_000) + "\"}")));
        for (Bad message : bad) {
            Sent sent = publish(message.body());
            JsonNode letter = awaitDeadLetter(message.marker());
            assertThat(letter.path("reason").asText()).as(message.marker()).isEqualTo(message.reason());
            assertThat(letter.path("originalMessageId").asText()).isEqualTo(sent.messageId());
            assertThat(letter.path("attempts").asInt()).isEqualTo(1);
            assertThat(letter.path("deadLetteredAt").asText()).isNotBlank();
            assertThat(letter.path("bodyBytes").asInt()).isEqualTo(sent.body().length);
        }
        assertThat(deadLettersWith(sku + "-M2").get(0).path("detail").asText()).isEqualTo("deliveryId is missing");
        assertThat(deadLettersWith(sku + "-M5").get(0).path("detail").asText())
                .isEqualTo("no product " + sku + "-GONE");
        assertThat(deadLettersWith(sku + "-M1").get(0).path("body").asText())
                .isEqualTo(bad.get(0).body());
        assertThat(restocksOf(sku)).isEmpty();
        assertThat(available(sku)).isEqualTo(10);
    }

    @Test
    void aRedeliveredMessageChangesNothing_aDeliveryIdReusedWithAnotherQuantityIsDeadLettered() throws Exception {
        String sku = unique("DUP");
        registerProduct(sku, 10);
        double acknowledgedBefore = outcomes("acknowledged");
        Sent first = Sent.of(restock(sku, 5, "D-1", "acme"));
        publish(List.of(first, first, first));
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes("acknowledged") - acknowledgedBefore == 3);
        assertThat(available(sku)).isEqualTo(15);

        publish(restock(sku, 6, "D-1", "acme"));
        JsonNode conflict = awaitDeadLetter("\"sku\":\"" + sku + "\",\"quantity\":6");
        assertThat(conflict.path("reason").asText()).isEqualTo("delivery-conflict");
        assertThat(conflict.path("detail").asText())
                .isEqualTo("Delivery acme/D-1 of " + sku + " was applied with 5, not 6");
        // the same delivery id from another supplier is another delivery
        publish(restock(sku, 6, "D-1", "globex"));
        await().atMost(Duration.ofSeconds(30)).until(() -> available(sku) == 21);
        assertThat(restocksOf(sku)).extracting(Restocked::deliveryId).containsExactly("acme/D-1", "globex/D-1");
    }

    @Test
    void aDatabaseFailureThatPassesIsTriedAgainAndAppliedOnce() throws Exception {
        String sku = unique("FLAKY");
        registerProduct(sku, 10);
        failInsertsOf(sku, 2);
        double retriesBefore = retries();
        publish(restock(sku, 4, "D-1", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> available(sku) == 14);
        assertThat(retries() - retriesBefore).isEqualTo(2);
        assertThat(restocksOf(sku)).hasSize(1);
        assertThat(deadLettersWith(sku)).isEmpty();
    }

    @Test
    void aDatabaseFailureThatLastsIsDeadLetteredAfterTheLastAttempt_thenAppliedOnceRetried() throws Exception {
        String sku = unique("DOWN");
        registerProduct(sku, 10);
        failInsertsOf(sku, Long.MAX_VALUE);
        publish(restock(sku, 4, "D-1", null));
        JsonNode letter = awaitDeadLetter("\"sku\":\"" + sku + "\"");
        assertThat(letter.path("reason").asText()).isEqualTo("retries-exhausted");
        assertThat(letter.path("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
        assertThat(letter.path("detail").asText()).contains("injected failure of " + StockIds.of(sku));
        assertThat(restocksOf(sku)).isEmpty();

        healInsertsOf(sku);
        var retried = api.post(
                "/admin/feeds/restock/dead-letters/" + letter.path("id").asText() + "/retry", "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> available(sku) == 14);
        assertThat(deadLettersWith(sku)).isEmpty();
        assertThat(restocksOf(sku)).hasSize(1);
    }

    @Test
    void aMessageIsAcknowledgedOnlyOnceItsRestockHasCommitted() throws Exception {
        String sku = unique("STALL");
        registerProduct(sku, 10);
        double acknowledgedBefore = outcomes("acknowledged");
        // inserts into the event table wait behind this lock (reads go on), as they would behind a stalled database
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("lock table domain_event_entry in share mode");
            }
            publish(restock(sku, 4, "D-1", null));
            await().atMost(Duration.ofSeconds(30)).until(() -> insertsWaiting() > 0);
            assertThat(outcomes("acknowledged")).isEqualTo(acknowledgedBefore);
            assertThat(restocksOf(sku)).isEmpty();
            blocker.rollback();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes("acknowledged") - acknowledgedBefore == 1);
        assertThat(restocksOf(sku)).hasSize(1);
        assertThat(available(sku)).isEqualTo(14);
        assertThat(deadLettersWith(sku)).isEmpty();
    }

    private long insertsWaiting() {
        return jdbc.sql("""
                        select count(*) from pg_locks
                        where not granted and relation = 'domain_event_entry'::regclass
                          and database = (select oid from pg_database where datname = current_database())""").query(Long.class).single();
    }
}
