package com.example.shop.app.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.ServiceTest;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A saga's deadline may fire on one node while its event is handled on another: the saga store lets only one
 * transaction at a time hold a loaded saga, and the next one sees what the first wrote.
 */
class SagaLoadedOnceAtATimeIT extends ServiceTest {

    /** Stands in for a saga's stored state. */
    record ParkedSaga(String step) {}

    @Autowired
    private SagaStore<Object> sagas;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Test
    void aSecondLoadWaitsUntilTheFirstHasCommittedAndSeesWhatItWrote() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        String sagaId = UUID.randomUUID().toString();
        transaction.executeWithoutResult(
                status -> sagas.insertSaga(ParkedSaga.class, sagaId, new ParkedSaga("reserve"), Set.of()));
        CountDownLatch firstLoaded = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = nodes.submit(() -> transaction.executeWithoutResult(status -> {
                sagas.loadSaga(ParkedSaga.class, sagaId);
                firstLoaded.countDown();
                awaitQuietly(firstMayCommit);
                sagas.updateSaga(ParkedSaga.class, sagaId, new ParkedSaga("charge"), new AssociationValuesImpl());
            }));
            assertThat(firstLoaded.await(10, TimeUnit.SECONDS)).isTrue();

            Future<String> second = nodes.submit(() -> transaction.execute(status ->
                    ((ParkedSaga) sagas.loadSaga(ParkedSaga.class, sagaId).saga()).step()));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());

            firstMayCommit.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("charge");
        } finally {
            firstMayCommit.countDown();
            nodes.shutdownNow();
            transaction.executeWithoutResult(status -> sagas.deleteSaga(ParkedSaga.class, sagaId, Set.of()));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
