package com.example.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Catalog search through real HTTP, and the injection corpus against it. */
class ProductSearchApiIT extends ServiceTest {

    /** SQL, NoSQL operator, regex and JavaScript payloads; none is a fragment of a product name here. */
    static final List<String> INJECTIONS = List.of(
            "' OR '1'='1",
            "' OR 1=1 --",
            "\" OR \"\"=\"",
            "1; DROP TABLE domain_event_entry; --",
            "' UNION SELECT payload FROM domain_event_entry --",
            "admin'--",
            "') OR ('a'='a",
            "{\"$gt\": \"\"}",
            "{\"$ne\": null}",
            "[$ne]=1",
            "{\"$where\": \"sleep(1000)\"}",
            "'; return true; var x='",
            "this.name.length > 0",
            ".*",
            "^",
            "$",
            ".+",
            "(?i).*",
            "[",
            "(",
            "\\",
            "a|b|c|d",
            "%",
            "_",
            "%00",
            "\u0000",
            "${7*7}",
            "<script>alert(1)</script>");

    private String tag;

    @BeforeEach
    void products() {
        tag = unique("srch").toLowerCase().replace("-", "");
        register("Red " + tag + " shirt", 1500, "EUR");
        register("Blue " + tag + " SHIRT", 2500, "EUR");
        register("Green " + tag + " hat", 900, "EUR");
        register("Black " + tag + " shirt", 3000, "USD");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> names(search("q=" + tag)).size() == 4);
    }

    private void register(String name, long price, String currency) {
        String sku = unique("S");
        assertThat(api.post("/products", """
                {"sku":"%s","name":"%s","price":{"amountMinor":%d,"currency":"%s"},"initialStock":5}""".formatted(sku, name, price, currency))
                        .status())
                .isEqualTo(201);
    }

    private Api.Response search(String query) {
        return api.get("/products/search?" + query);
    }

    private static List<String> names(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode item : response.json().path("items")) {
            names.add(item.path("name").asText());
        }
        return names;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void findsByNameFragmentIgnoringCase_withinAPriceRange_sorted() {
        assertThat(names(search("q=" + tag + "%20shirt&sort=name")))
                .containsExactly("Black " + tag + " shirt", "Blue " + tag + " SHIRT", "Red " + tag + " shirt");
        assertThat(names(search("q=" + tag + "&currency=EUR&minPrice=1000&maxPrice=2500&sort=-price")))
                .containsExactly("Blue " + tag + " SHIRT", "Red " + tag + " shirt");
        assertThat(names(search("q=" + tag + "&currency=USD"))).containsExactly("Black " + tag + " shirt");
    }

    @Test
    void pagesDoNotOverlap() {
        List<String> first = names(search("q=" + tag + "&sort=price&size=2&page=0"));
        List<String> second = names(search("q=" + tag + "&sort=price&size=2&page=1"));
        assertThat(first).hasSize(2);
        assertThat(second).hasSize(2).doesNotContainAnyElementsOf(first);
    }

    @Test
    void badSearchesAreProblems() {
        for (String query : List.of(
                "sort=payload",
                "sort=name;drop",
                "minPrice=-1&currency=EUR",
                "minPrice=abc",
                "currency=euro",
                "size=0",
                "q=")) {
            Api.Response response = search(query);
            assertThat(response.status()).as(query + " " + response).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        Api.Response noCurrency = search("minPrice=100");
        assertThat(noCurrency.status()).isEqualTo(422);
        assertThat(noCurrency.problemType()).isEqualTo("/problems/invalid-search");
    }

    @Test
    void injectionPayloadsBehaveExactlyLikeAPlainWrongValue() {
        long eventsBefore = storedEvents();
        Api.Response plainName = search("q=" + encode(tag + "zzznomatch"));
        Api.Response plainSort = search("sort=bogus");
        Api.Response plainCurrency = search("currency=XXXX");
        Api.Response plainPrice = search("minPrice=abc&currency=EUR");
        assertThat(names(plainName)).isEmpty();

        for (String payload : INJECTIONS) {
            if (payload.chars().anyMatch(Character::isISOControl)) {
                // no name holds control characters: refused as malformed, like any other
                assertSameRefusal(
                        search("q=" + encode("bad\u0007name")), search("q=" + encode(tag + payload)), payload);
                continue;
            }
            assertThat(names(search("q=" + encode(tag + payload))))
                    .as("rows found by " + payload)
                    .isEmpty();
            assertThat(names(search("q=" + encode(payload) + "&size=200")))
                    .as("no product of this test matches " + payload)
                    .noneMatch(name -> name.contains(tag));
            assertSameRefusal(plainSort, search("sort=" + encode(payload)), payload);
            assertSameRefusal(plainCurrency, search("currency=" + encode(payload)), payload);
            assertSameRefusal(plainPrice, search("minPrice=" + encode(payload) + "&currency=EUR"), payload);
        }
        assertThat(storedEvents()).as("nothing written").isEqualTo(eventsBefore);
        assertThat(names(search("q=" + tag))).hasSize(4);
    }

    private static void assertSameRefusal(Api.Response plain, Api.Response injected, String payload) {
        assertThat(injected.status()).as(payload + " " + injected).isEqualTo(plain.status());
        assertThat(injected.problemType()).as(payload).isEqualTo(plain.problemType());
        assertThat(injected.rawBody())
                .as(payload)
                .doesNotContain("Exception", "at com.", "org.springframework", "MongoDB", "PSQL", "SQL");
    }
}
