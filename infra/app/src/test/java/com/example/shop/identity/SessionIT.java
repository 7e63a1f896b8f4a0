package com.example.shop.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.MutableClock;
import com.example.shop.support.ServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Refresh tokens rotate, a reused one ends the session, logout revokes, and sessions time out. */
class SessionIT extends ServiceTest {

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    SecuritySettings settings;

    private static String refreshToken(Api.Response tokens) {
        return tokens.json().path("refreshToken").asText();
    }

    private static String accessToken(Api.Response tokens) {
        return tokens.json().path("accessToken").asText();
    }

    private Api.Response refresh(String token) {
        return anonymous.post("/auth/refresh", "{\"refreshToken\":\"" + token + "\"}");
    }

    private int readOwnOrders(Customer customer, String accessToken) {
        return anonymous
                .withToken(accessToken)
                .get("/customers/" + customer.customerId() + "/orders")
                .status();
    }

    @Test
    void refreshRotatesAndAReusedTokenEndsTheWholeSession() {
        Customer customer = newCustomer();
        Api.Response login = anonymous.login(customer.email(), customer.password());
        assertThat(login.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));

        Api.Response first = refresh(refreshToken(login));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(refreshToken(first)).isNotEqualTo(refreshToken(login));
        assertThat(readOwnOrders(customer, accessToken(first))).isEqualTo(200);

        // the login's token again: somebody kept a copy, so the session ends for everyone holding it
        Api.Response reused = refresh(refreshToken(login));
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.problemType()).isEqualTo("/problems/invalid-refresh-token");
        assertThat(refresh(refreshToken(first)).status()).isEqualTo(401);
        assertThat(readOwnOrders(customer, accessToken(first))).isEqualTo(401);
        assertThat(readOwnOrders(customer, accessToken(login))).isEqualTo(401);
        // another login is a separate session, untouched
        assertThat(readOwnOrders(customer, accessToken(anonymous.login(customer.email(), customer.password()))))
                .isEqualTo(200);
    }

    @Test
    void logoutRevokesTheRefreshAndTheAccessTokens() {
        Customer customer = newCustomer();
        Api.Response login = anonymous.login(customer.email(), customer.password());
        assertThat(readOwnOrders(customer, accessToken(login))).isEqualTo(200);

        assertThat(anonymous
                        .post("/auth/logout", "{\"refreshToken\":\"" + refreshToken(login) + "\"}")
                        .status())
                .isEqualTo(204);

        assertThat(refresh(refreshToken(login)).status()).isEqualTo(401);
        assertThat(readOwnOrders(customer, accessToken(login))).isEqualTo(401);
        assertThat(refresh("unknown-" + UUID.randomUUID()).status()).isEqualTo(401);
    }

    @Test
    void concurrentUsesOfOneRefreshTokenGrantOneAndEndTheSession() throws Exception {
        Customer customer = newCustomer();
        String token = refreshToken(anonymous.login(customer.email(), customer.password()));
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Api.Response>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return refresh(token);
            }));
        }
        start.countDown();
        List<Api.Response> winners = new ArrayList<>();
        int refused = 0;
        for (Future<Api.Response> answer : answers) {
            Api.Response response = answer.get();
            if (response.status() == 200) {
                winners.add(response);
            } else {
                assertThat(response.status()).as(response.toString()).isEqualTo(401);
                refused++;
            }
        }
        pool.shutdown();
        assertThat(winners).hasSize(1);
        assertThat(refused).isEqualTo(threads - 1);
        // the other uses were reuse: the winner's successor is dead too
        assertThat(refresh(refreshToken(winners.get(0))).status()).isEqualTo(401);
    }

    @Test
    void idleAndAbsoluteTimeoutsFollowTheInjectedClock() {
        UUID accountId = UUID.fromString(anonymous
                .post(
                        "/auth/register",
                        Api.credentials(unique("idle").toLowerCase() + "@example.test", "a long enough password"))
                .json()
                .path("accountId")
                .asText());
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        SecuritySettings.Sessions timeouts =
                new SecuritySettings.Sessions(Duration.ofMinutes(30), Duration.ofHours(2), Duration.ZERO);
        Sessions sessions = new Sessions(jdbc, transactions, timeouts, clock);

        // idle: refreshed within 30 minutes it lives on; left alone for 30 minutes it dies
        Sessions.Renewal idle = sessions.start(accountId);
        clock.advance(Duration.ofMinutes(29));
        idle = sessions.refresh(idle.refreshToken()).orElseThrow();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.isActive(idle.sessionId().toString())).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(sessions.isActive(idle.sessionId().toString())).isFalse();
        assertThat(sessions.refresh(idle.refreshToken())).isEmpty();

        // absolute: refreshed every 20 minutes, it still ends 2 hours after the login
        Instant loggedIn = clock.instant();
        Sessions.Renewal busy = sessions.start(accountId);
        while (clock.instant().plus(Duration.ofMinutes(20)).isBefore(loggedIn.plus(Duration.ofHours(2)))) {
            clock.advance(Duration.ofMinutes(20));
            busy = sessions.refresh(busy.refreshToken()).orElseThrow();
        }
        clock.set(loggedIn.plus(Duration.ofHours(2)));
        assertThat(sessions.refresh(busy.refreshToken())).isEmpty();
        assertThat(sessions.isActive(busy.sessionId().toString())).isFalse();
        assertThat(jdbc.sql("select revoked_reason from auth_session where id = :id")
                        .param("id", busy.sessionId())
                        .query(String.class)
                        .single())
                .isEqualTo("absolute-lifetime");
    }
}
