package com.example.shop.devstack;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Closes the application contexts that run on an embedded PostgreSQL when the process is asked to stop (SIGINT,
 * e.g. Ctrl-C, or SIGTERM), before the JVM runs its shutdown hooks. Those hooks all start at once, in no order, and
 * the embedded PostgreSQL registers one of its own that stops the server straight away: the context would lose its
 * database while its event processors, scheduler and pool still use it, print their failures and take longer to stop
 * than {@code spring-boot:run} waits before it kills the process. Closed first, the context stops in its usual
 * order, the database last; then the JVM exits with the signal's usual status, and the hooks find nothing to do.
 */
final class ClosedBeforeExit {

    private static final Logger log = LoggerFactory.getLogger(ClosedBeforeExit.class);
    private static final Deque<ConfigurableApplicationContext> CONTEXTS = new ConcurrentLinkedDeque<>();
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final AtomicBoolean CLOSING = new AtomicBoolean();

    private ClosedBeforeExit() {}

    static void register(ConfigurableApplicationContext context) {
        CONTEXTS.push(context);
        context.addApplicationListener((ApplicationListener<ContextClosedEvent>) closed -> {
            if (closed.getApplicationContext() == context) {
                CONTEXTS.remove(context);
            }
        });
        if (INSTALLED.compareAndSet(false, true)) {
            List.of("INT", "TERM").forEach(ClosedBeforeExit::handle);
        }
    }

    /**
     * Through reflection, because javac warns about every mention of {@code sun.misc.Signal} (exported by
     * jdk.unsupported for exactly this use, and what Spring Boot's own tools use) and no annotation silences it.
     */
    private static void handle(String name) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Method number = signalType.getMethod("getNumber");
            Object handler = Proxy.newProxyInstance(
                    ClosedBeforeExit.class.getClassLoader(),
                    new Class<?>[] {handlerType},
                    (proxy, method, arguments) -> switch (method.getName()) {
                        case "handle" -> {
                            closeAllAndExit((int) number.invoke(arguments[0]));
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == arguments[0];
                        default -> "close the contexts on SIG" + name;
                    });
            signalType
                    .getMethod("handle", signalType, handlerType)
                    .invoke(null, signalType.getConstructor(String.class).newInstance(name), handler);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // no such API, or the JVM keeps this signal to itself (e.g. -Xrs): its own handling stays
            log.debug("cannot handle SIG{}: {}", name, e.toString());
        }
    }

    private static void closeAllAndExit(int signal) {
        if (!CLOSING.compareAndSet(false, true)) {
            // a second signal while the contexts close (spring-boot:run sends SIGTERM after SIGINT if the service
            // is slow to stop): the first one exits once they are closed, as the JVM itself would
            return;
        }
        // the latest context first, as the JVM's hook would
        for (ConfigurableApplicationContext context; (context = CONTEXTS.poll()) != null; ) {
            context.close();
        }
        System.exit(128 + signal);
    }
}
