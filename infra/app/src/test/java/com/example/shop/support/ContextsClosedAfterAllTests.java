package com.example.shop.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Closes each application context the tests used once all tests have run, while the JVM is still fully up.
 * Left to the JVM's shutdown hooks, the contexts would close at the same time as, and in no order with, the
 * embedded PostgreSQL's own hook, which stops the database under them: failures printed by every component
 * still using it, and a test JVM that takes long to exit. A context the cache has closed already is not held on to.
 */
class ContextsClosedAfterAllTests implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ContextsClosedAfterAllTests.class);

    @Override
    public void beforeAll(ExtensionContext extensionContext) {
        ApplicationContext context = SpringExtension.getApplicationContext(extensionContext);
        if (context instanceof ConfigurableApplicationContext configurable) {
            // the root store is closed when the whole test run ends
            extensionContext
                    .getRoot()
                    .getStore(NAMESPACE)
                    .getOrComputeIfAbsent(OpenContexts.class, key -> new OpenContexts(), OpenContexts.class)
                    .add(configurable);
        }
    }

    private static final class OpenContexts implements ExtensionContext.Store.CloseableResource {

        private final Map<ConfigurableApplicationContext, Boolean> contexts =
                Collections.synchronizedMap(new WeakHashMap<>());

        void add(ConfigurableApplicationContext context) {
            contexts.put(context, Boolean.TRUE);
        }

        @Override
        public void close() {
            List<ConfigurableApplicationContext> open;
            synchronized (contexts) {
                open = new ArrayList<>(contexts.keySet());
            }
            open.forEach(ConfigurableApplicationContext::close);
        }
    }
}
