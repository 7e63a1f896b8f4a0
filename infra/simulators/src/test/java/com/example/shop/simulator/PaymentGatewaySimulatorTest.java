package com.example.shop.simulator;

import static com.example.shop.simulator.SimulatorClient.json;
import static com.example.shop.simulator.SimulatorClient.replayed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentGatewaySimulatorTest {

    private static final String ORDER = "order-1";
    private static final String CHARGE = "{\"reference\": \"order-1\", \"amountMinor\": 1234, \"currency\": \"EUR\"}";

    private PaymentGatewaySimulator gateway;
    private SimulatorClient client;

    @BeforeEach
    void startGateway() {
        gateway = new PaymentGatewaySimulator(0, new Random(42)).start();
        client = new SimulatorClient(gateway.baseUrl());
    }

    @AfterEach
    void stopGateway() {
        gateway.stop();
    }

    @Test
    void chargesOnceAndReplaysTheStoredAnswerForTheSameKey() throws Exception {
        HttpResponse<String> first = client.post("/payments", "charge-1", CHARGE);
        HttpResponse<String> replay = client.post("/payments", "charge-1", CHARGE);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(first);
        assertThat(body.get("paymentId").asText()).startsWith("pay_");
        assertThat(body.get("status").asText()).isEqualTo("CAPTURED");
        assertThat(body.get("reference").asText()).isEqualTo(ORDER);
        assertThat(body.get("amountMinor").asLong()).isEqualTo(1234);
        assertThat(body.get("currency").asText()).isEqualTo("EUR");
        assertThat(replayed(first)).isFalse();

        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replayed(replay)).isTrue();
        assertThat(replay.body()).isEqualTo(first.body());

        assertThat(gateway.ledger()).singleElement().satisfies(charge -> {
            assertThat(charge.idempotencyKey()).isEqualTo("charge-1");
            assertThat(charge.paymentId()).isEqualTo(body.get("paymentId").asText());
            assertThat(charge.status()).isEqualTo(Charge.Status.CAPTURED);
            assertThat(charge.amountMinor()).isEqualTo(1234L);
            assertThat(charge.attempts()).isEqualTo(2);
        });
        assertThat(gateway.capturedCountFor(ORDER)).isEqualTo(1);
        assertThat(gateway.requestCount()).isEqualTo(2);
    }

    @Test
    void reusingAKeyForADifferentRequestIsRefused() throws Exception {
        client.post("/payments", "charge-1", CHARGE);

        HttpResponse<String> reuse = client.post(
                "/payments", "charge-1", "{\"reference\": \"order-1\", \"amountMinor\": 9999, \"currency\": \"EUR\"}");

        assertThat(reuse.statusCode()).isEqualTo(422);
        assertThat(reuse.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(reuse).get("type").asText()).endsWith("idempotency-key-reused");
        assertThat(gateway.ledger())
                .singleElement()
                .satisfies(charge -> assertThat(charge.amountMinor()).isEqualTo(1234L));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "has space",
                "semi;colon",
                "k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789"
                        + "k123456789k123456789k123456789k123456789k12345678"
            })
    void aMissingOrInvalidIdempotencyKeyIsABadRequest(String key) throws Exception {
        HttpResponse<String> response = client.post("/payments", key, CHARGE);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asText()).contains("Idempotency-Key");
        assertThat(gateway.ledger()).isEmpty();
    }

    @Test
    void aKeyOf128CharactersIsAccepted() throws Exception {
        String key = "k".repeat(128);

        assertThat(client.post("/payments", key, CHARGE).statusCode()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "[]",
                "",
                "{\"reference\": \"order-1\", \"amountMinor\": 1234, \"currency\": \"EUR\"} trailing",
                "{\"amountMinor\": 1234, \"currency\": \"EUR\"}",
                "{\"reference\": \" \", \"amountMinor\": 1234, \"currency\": \"EUR\"}",
                "{\"reference\": \"order-1\", \"amountMinor\": 0, \"currency\": \"EUR\"}",
                "{\"reference\": \"order-1\", \"amountMinor\": \"1234\", \"currency\": \"EUR\"}",
                "{\"reference\": \"order-1\", \"amountMinor\": 12.5, \"currency\": \"EUR\"}",
                "{\"reference\": \"order-1\", \"amountMinor\": 1234, \"currency\": \"eur\"}",
                "{\"reference\": \"order-1\", \"amountMinor\": 1234}"
            })
    void aBadBodyIsAProblemAndChargesNothing(String body) throws Exception {
        HttpResponse<String> response = client.post("/payments", "charge-1", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).endsWith("invalid-request");
        assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(gateway.ledger()).isEmpty();
    }

    @Test
    void aDeclineIsStoredForTheKey() throws Exception {
        gateway.faults(Faults.none().withDeclineRate(1.0));

        HttpResponse<String> declined = client.post("/payments", "charge-1", CHARGE);
        gateway.faults(Faults.none());
        HttpResponse<String> replay = client.post("/payments", "charge-1", CHARGE);

        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(json(declined).get("status").asText()).isEqualTo("DECLINED");
        assertThat(json(declined).get("reason").asText()).isEqualTo("card declined");
        assertThat(replay.statusCode()).isEqualTo(402);
        assertThat(replayed(replay)).isTrue();
        assertThat(gateway.ledger()).singleElement().satisfies(charge -> {
            assertThat(charge.status()).isEqualTo(Charge.Status.DECLINED);
            assertThat(charge.paymentId()).isNull();
            assertThat(charge.attempts()).isEqualTo(2);
        });
        assertThat(gateway.capturedCountFor(ORDER)).isZero();
    }

    @Test
    void duringAnOutageNothingIsProcessedAndARetryAfterwardsChargesOnce() throws Exception {
        gateway.faults(Faults.none().withOutage(true));

        HttpResponse<String> down = client.post("/payments", "charge-1", CHARGE);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(gateway.ledger()).isEmpty();
        assertThat(gateway.requestCount()).isEqualTo(1);

        gateway.faults(Faults.none());
        HttpResponse<String> retry = client.post("/payments", "charge-1", CHARGE);

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(replayed(retry)).isFalse();
        assertThat(gateway.capturedCountFor(ORDER)).isEqualTo(1);
        assertThat(gateway.ledger())
                .singleElement()
                .satisfies(charge -> assertThat(charge.attempts()).isEqualTo(1));
    }

    @Test
    void aTransientErrorProcessesNothing() throws Exception {
        gateway.faults(Faults.none().withErrorRate(1.0));

        HttpResponse<String> failed = client.post("/payments", "charge-1", CHARGE);
        HttpResponse<String> cancelFailed = client.post("/payments/charge-1/cancellation", null, "");

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(json(failed).get("status").asInt()).isEqualTo(503);
        assertThat(cancelFailed.statusCode()).isEqualTo(503);
        assertThat(gateway.ledger()).isEmpty();
        assertThat(gateway.requestCount()).isEqualTo(2);

        gateway.faults(Faults.none());
        assertThat(client.post("/payments", "charge-1", CHARGE).statusCode()).isEqualTo(201);
    }

    @Test
    void aTimedOutChargeWasStillMadeAndItsRetryReturnsTheSamePayment() throws Exception {
        gateway.faults(Faults.none().withTimeoutRate(1.0).withTimeoutDelayMs(300));

        assertThatThrownBy(() -> client.post("/payments", "charge-1", CHARGE, Duration.ofMillis(100)))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(gateway.ledger())
                .singleElement()
                .satisfies(charge -> assertThat(charge.status()).isEqualTo(Charge.Status.CAPTURED));
        String paymentId = gateway.ledger().get(0).paymentId();

        gateway.faults(Faults.none());
        HttpResponse<String> retry = client.post("/payments", "charge-1", CHARGE, Duration.ofMillis(250));

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(replayed(retry)).isTrue();
        assertThat(json(retry).get("paymentId").asText()).isEqualTo(paymentId);
        assertThat(gateway.capturedCountFor(ORDER)).isEqualTo(1);
        assertThat(gateway.ledger())
                .singleElement()
                .satisfies(charge -> assertThat(charge.attempts()).isEqualTo(2));
    }

    @Test
    void latencyDelaysTheAnswer() throws Exception {
        gateway.faults(Faults.none().withLatencyMs(150));

        long started = System.nanoTime();
        HttpResponse<String> response = client.post("/payments", "charge-1", CHARGE);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(150);
    }

    @Test
    void cancellingACapturedChargeRefundsItOnce() throws Exception {
        String paymentId = json(client.post("/payments", "charge-1", CHARGE))
                .get("paymentId")
                .asText();

        HttpResponse<String> cancelled = client.post("/payments/charge-1/cancellation", null, "");
        HttpResponse<String> again = client.post("/payments/charge-1/cancellation", null, "");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        JsonNode refund = json(cancelled);
        assertThat(refund.get("status").asText()).isEqualTo("REFUNDED");
        assertThat(refund.get("paymentId").asText()).isEqualTo(paymentId);
        assertThat(refund.get("refundedMinor").asLong()).isEqualTo(1234);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again)).isEqualTo(refund);
        assertThat(gateway.ledger()).singleElement().satisfies(charge -> {
            assertThat(charge.status()).isEqualTo(Charge.Status.REFUNDED);
            assertThat(charge.attempts()).isEqualTo(1);
        });
        assertThat(gateway.capturedCountFor(ORDER)).isEqualTo(1);
    }

    @Test
    void aCancellationBeforeTheChargeVoidsTheLaterCharge() throws Exception {
        HttpResponse<String> cancelled = client.post("/payments/charge-1/cancellation", null, "");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("VOIDED");
        assertThat(gateway.ledger())
                .singleElement()
                .satisfies(charge -> assertThat(charge.status()).isEqualTo(Charge.Status.VOIDED));

        HttpResponse<String> late = client.post("/payments", "charge-1", CHARGE);

        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).get("status").asText()).isEqualTo("VOIDED");
        assertThat(json(late).get("reason").asText()).isEqualTo("cancelled before it was charged");
        assertThat(gateway.capturedCountFor(ORDER)).isZero();
        assertThat(gateway.chargesFor(ORDER)).singleElement().satisfies(charge -> {
            assertThat(charge.status()).isEqualTo(Charge.Status.VOIDED);
            assertThat(charge.paymentId()).isNull();
            assertThat(charge.attempts()).isEqualTo(1);
        });
    }

    @Test
    void cancellingADeclinedChargeVoidsIt() throws Exception {
        gateway.faults(Faults.none().withDeclineRate(1.0));
        client.post("/payments", "charge-1", CHARGE);

        HttpResponse<String> cancelled = client.post("/payments/charge-1/cancellation", null, "");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("VOIDED");
        assertThat(gateway.capturedCountFor(ORDER)).isZero();
    }

    @Test
    void concurrentRequestsWithTheSameKeyChargeExactlyOnce() throws Exception {
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch startTogether = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                responses.add(pool.submit(() -> {
                    startTogether.await();
                    return client.post("/payments", "charge-1", CHARGE);
                }));
            }
            startTogether.countDown();

            List<String> paymentIds = new ArrayList<>();
            int firstAnswers = 0;
            for (Future<HttpResponse<String>> future : responses) {
                HttpResponse<String> response = future.get(2, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(201);
                paymentIds.add(json(response).get("paymentId").asText());
                firstAnswers += replayed(response) ? 0 : 1;
            }

            assertThat(paymentIds).hasSize(threads).containsOnly(paymentIds.get(0));
            assertThat(firstAnswers).isEqualTo(1);
            assertThat(gateway.ledger()).singleElement().satisfies(charge -> {
                assertThat(charge.status()).isEqualTo(Charge.Status.CAPTURED);
                assertThat(charge.attempts()).isEqualTo(threads);
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChargeRacingItsCancellationNeverEndsCapturedAndNotRefunded() throws Exception {
        int keys = 16;
        ExecutorService pool = Executors.newFixedThreadPool(2 * keys);
        try {
            CountDownLatch startTogether = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> charges = new ArrayList<>();
            List<Future<HttpResponse<String>>> cancellations = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                String key = "race-" + i;
                String body = "{\"reference\": \"order-" + i + "\", \"amountMinor\": 100, \"currency\": \"EUR\"}";
                charges.add(pool.submit(() -> {
                    startTogether.await();
                    return client.post("/payments", key, body);
                }));
                cancellations.add(pool.submit(() -> {
                    startTogether.await();
                    return client.post("/payments/" + key + "/cancellation", null, "");
                }));
            }
            startTogether.countDown();

            for (int i = 0; i < keys; i++) {
                int chargeStatus = charges.get(i).get(2, TimeUnit.SECONDS).statusCode();
                assertThat(cancellations.get(i).get(2, TimeUnit.SECONDS).statusCode())
                        .isEqualTo(200);
                Charge charge = gateway.chargesFor("order-" + i).get(0);
                if (chargeStatus == 201) {
                    assertThat(charge.status()).isEqualTo(Charge.Status.REFUNDED);
                } else {
                    assertThat(chargeStatus).isEqualTo(409);
                    assertThat(charge.status()).isEqualTo(Charge.Status.VOIDED);
                }
            }
            assertThat(gateway.ledger()).hasSize(keys).noneMatch(c -> c.status() == Charge.Status.CAPTURED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameSeedGivesTheSameDeclines() throws Exception {
        List<Integer> statuses = declineSequence(gateway);
        try (PaymentGatewaySimulator twin = new PaymentGatewaySimulator(0, new Random(42)).start()) {
            assertThat(declineSequence(twin)).isEqualTo(statuses);
        }
        assertThat(statuses).contains(201, 402);
    }

    private static List<Integer> declineSequence(PaymentGatewaySimulator simulator) throws Exception {
        simulator.faults(Faults.none().withDeclineRate(0.5));
        SimulatorClient simulatorClient = new SimulatorClient(simulator.baseUrl());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(
                    simulatorClient.post("/payments", "seeded-" + i, CHARGE).statusCode());
        }
        return statuses;
    }

    @Test
    void faultsCanBeChangedAndReadOverHttp() throws Exception {
        HttpResponse<String> put =
                client.put("/_sim/faults", "{\"latencyMs\": 5, \"declineRate\": 0.5, \"outage\": true}");

        assertThat(put.statusCode()).isEqualTo(200);
        Faults expected = Faults.none().withLatencyMs(5).withDeclineRate(0.5).withOutage(true);
        assertThat(gateway.faults()).isEqualTo(expected);
        JsonNode read = json(client.get("/_sim/faults"));
        assertThat(read).isEqualTo(json(put));
        assertThat(read.get("timeoutDelayMs").asLong()).isEqualTo(5_000);
        assertThat(read.get("declineRate").asDouble()).isEqualTo(0.5);
        // the control API is exempt from faults and not counted as provider traffic
        assertThat(gateway.requestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"errorRate\": 1.5}",
                "{\"latencyMs\": -1}",
                "{\"noSuchFault\": 1}",
                "{\"outage\": null}",
                "not json"
            })
    void invalidFaultsAreRefusedAndKeepTheCurrentOnes(String body) throws Exception {
        HttpResponse<String> put = client.put("/_sim/faults", body);

        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(gateway.faults()).isEqualTo(Faults.none());
    }

    @Test
    void theLedgerCanBeReadAndResetOverHttp() throws Exception {
        client.post("/payments", "charge-1", CHARGE);
        gateway.faults(Faults.none().withLatencyMs(1));

        JsonNode ledger = json(client.get("/_sim/ledger"));

        assertThat(ledger.isArray()).isTrue();
        assertThat(ledger).hasSize(1);
        JsonNode entry = ledger.get(0);
        assertThat(entry.get("idempotencyKey").asText()).isEqualTo("charge-1");
        assertThat(entry.get("paymentId").asText()).startsWith("pay_");
        assertThat(entry.get("reference").asText()).isEqualTo(ORDER);
        assertThat(entry.get("amountMinor").asLong()).isEqualTo(1234);
        assertThat(entry.get("currency").asText()).isEqualTo("EUR");
        assertThat(entry.get("status").asText()).isEqualTo("CAPTURED");
        assertThat(entry.get("attempts").asInt()).isEqualTo(1);

        HttpResponse<String> reset = client.post("/_sim/reset", null, "");

        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(gateway.ledger()).isEmpty();
        assertThat(gateway.faults()).isEqualTo(Faults.none());
        assertThat(gateway.requestCount()).isZero();
        assertThat(json(client.get("/_sim/ledger"))).isEmpty();
        // the idempotency store is gone too: the same key charges anew
        HttpResponse<String> again = client.post("/payments", "charge-1", CHARGE);
        assertThat(replayed(again)).isFalse();
        assertThat(json(again).get("paymentId").asText())
                .isNotEqualTo(entry.get("paymentId").asText());
    }

    @Test
    void unknownPathsAndWrongMethodsAreProblems() throws Exception {
        HttpResponse<String> unknown = client.get("/refunds");
        HttpResponse<String> unknownControl = client.get("/_sim/nothing");
        HttpResponse<String> wrongMethod = client.get("/payments");
        HttpResponse<String> wrongControlMethod = client.put("/_sim/ledger", "{}");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("status").asInt()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(unknownControl.statusCode()).isEqualTo(404);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(wrongControlMethod.statusCode()).isEqualTo(405);
        assertThat(gateway.requestCount()).isEqualTo(2);
    }

    @Test
    void stopEndsADelayedRequestPromptly() throws Exception {
        gateway.faults(Faults.none().withTimeoutRate(1.0));
        CompletableFuture<HttpResponse<String>> pending = client.http()
                .sendAsync(
                        client.postRequest("/payments", "charge-1", CHARGE, Duration.ofSeconds(10)),
                        HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (gateway.ledger().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(gateway.ledger()).hasSize(1);

        long started = System.nanoTime();
        gateway.stop();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_000);
        assertThatThrownBy(() -> pending.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(gateway::port).isInstanceOf(IllegalStateException.class);
    }
}
