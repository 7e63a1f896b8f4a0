package com.example.shop.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

class ThreadLocalSecureRandomTest {

    private static final int THREADS = 16;
    private static final int PER_THREAD = 20_000;

    @Test
    void manyThreadsDrawOnlyDistinctVersionFourUuids() throws Exception {
        Set<UUID> drawn = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        UUID uuid = ThreadLocalSecureRandom.uuid();
                        assertThat(uuid.version()).isEqualTo(4);
                        assertThat(uuid.variant()).isEqualTo(2);
                        drawn.add(uuid);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(drawn).hasSize(THREADS * PER_THREAD);
    }

    @Test
    void axonTakesItsMessageIdentifiersFromIt() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(AxonMessageIdentifiers.class);
        assertThat(UUID.fromString(IdentifierFactory.getInstance().generateIdentifier())
                        .version())
                .isEqualTo(4);
    }

    @Test
    void eachThreadHasItsOwnGenerator() throws Exception {
        var mine = ThreadLocalSecureRandom.current();
        var other = new java.util.concurrent.atomic.AtomicReference<Object>();
        Thread thread = new Thread(() -> other.set(ThreadLocalSecureRandom.current()));
        thread.start();
        thread.join();
        assertThat(other.get()).isNotNull().isNotSameAs(mine);
        assertThat(ThreadLocalSecureRandom.current()).isSameAs(mine);
    }
}
