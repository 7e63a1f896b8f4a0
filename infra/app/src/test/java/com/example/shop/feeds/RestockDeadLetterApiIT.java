package com.example.shop.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.Api;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restock feed's dead letters over real HTTP: listed in place, retried through the feed, discarded; admin only. */
class RestockDeadLetterApiIT extends FeedServiceTest {

    private static final String PATH = "/admin/feeds/restock/dead-letters";

    private JsonNode awaitDeadLetter(String marker) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> deadLettersWith(marker), letters -> letters.size() == 1)
                .get(0);
    }

    @Test
    void listingLeavesTheLettersWhereTheyAre() throws Exception {
        String sku = unique("LIST");
        publish(restock(sku, 1, "D-1", null));
        publish(restock(sku, 2, "D-2", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLettersWith(sku).size() == 2);
        List<String> first =
                deadLettersWith(sku).stream().map(l -> l.path("id").asText()).toList();
        List<String> again =
                deadLettersWith(sku).stream().map(l -> l.path("id").asText()).toList();
        assertThat(again).isEqualTo(first).doesNotHaveDuplicates();
        assertThat(deadLettersWith(sku))
                .extracting(l -> l.path("body").asText())
                .containsExactly(restock(sku, 1, "D-1", null), restock(sku, 2, "D-2", null));
        Api.Response one = api.get(PATH + "?limit=1");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json()).hasSize(1);
    }

    @Test
    void aRetriedLetterGoesThroughTheFeedAgain_andComesBackWhenItFailsAgain() throws Exception {
        String sku = unique("LATE");
        publish(restock(sku, 7, "D-1", "acme"));
        JsonNode letter = awaitDeadLetter(sku);
        assertThat(letter.path("reason").asText()).isEqualTo("unknown-sku");

        // still unknown: the retried message fails again and is dead-lettered anew, counting the retry
        Api.Response retried = api.post(PATH + "/" + letter.path("id").asText() + "/retry", "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        JsonNode again = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> deadLettersWith(sku),
                        letters -> letters.size() == 1
                                && !letters.get(0)
                                        .path("id")
                                        .asText()
                                        .equals(letter.path("id").asText()))
                .get(0);
        assertThat(again.path("retries").asInt()).isEqualTo(1);
        assertThat(again.path("originalMessageId").asText())
                .isEqualTo(letter.path("originalMessageId").asText());

        // once the product exists, a retry applies the delivery
        registerProduct(sku, 10);
        assertThat(api.post(PATH + "/" + again.path("id").asText() + "/retry", "")
                        .status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> available(sku) == 17);
        assertThat(deadLettersWith(sku)).isEmpty();
        assertThat(restocksOf(sku)).extracting(Restocked::deliveryId).containsExactly("acme/D-1");
    }

    @Test
    void aDiscardedLetterIsGoneForGood() throws Exception {
        String sku = unique("DROP");
        publish(restock(sku, 1, "D-1", null));
        String id = awaitDeadLetter(sku).path("id").asText();
        assertThat(api.delete(PATH + "/" + id).status()).isEqualTo(204);
        assertThat(deadLettersWith(sku)).isEmpty();

        Api.Response gone = api.delete(PATH + "/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.isProblem()).isTrue();
        assertThat(gone.problemType()).endsWith("/problems/dead-letter-not-found");
        Api.Response retryGone = api.post(PATH + "/" + id + "/retry", "");
        assertThat(retryGone.status()).isEqualTo(404);
        assertThat(retryGone.problemType()).endsWith("/problems/dead-letter-not-found");
    }

    @Test
    void badInputIsAProblem() {
        for (String path : List.of(PATH + "?limit=0", PATH + "?limit=1001", PATH + "?limit=many")) {
            Api.Response response = api.get(path);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.isProblem()).as(path).isTrue();
        }
        Api.Response badId = api.post(PATH + "/not_an_id!/retry", "");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.isProblem()).isTrue();
    }

    @Test
    void onlyAnAdminMaySeeOrTouchTheLetters() {
        Api.Response anonymousList = anonymous.get(PATH);
        assertThat(anonymousList.status()).isEqualTo(401);
        assertThat(anonymousList.isProblem()).isTrue();
        Api customer = newCustomer().api();
        assertThat(customer.get(PATH).status()).isEqualTo(403);
        assertThat(customer.post(PATH + "/some-id/retry", "").status()).isEqualTo(403);
        assertThat(customer.delete(PATH + "/some-id").status()).isEqualTo(403);
    }

    @Test
    void theFeedShowsInHealth() {
        Api.Response health = api.get("/actuator/health");
        JsonNode feed = health.json()
                .path("components")
                .path("feeds")
                .path("components")
                .path("restock");
        assertThat(feed.path("status").asText()).as(health.toString()).isEqualTo("UP");
        assertThat(feed.path("details").path("queue").asText()).isEqualTo(restockTopology.queue());
        assertThat(feed.path("details").path("consumersOnThisNode").asInt()).isEqualTo(4);
    }
}
