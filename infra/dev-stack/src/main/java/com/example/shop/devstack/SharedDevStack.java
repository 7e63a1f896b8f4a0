package com.example.shop.devstack;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The parts of the development stack that several nodes on one machine share, run as one process of their own:
 * the in-process MongoDB wire server on a fixed port ({@code shop.embedded.mongo.port}, 27017 unless set), the
 * payment gateway and shipping carrier simulators ({@code shop.simulators.*.port}; one ledger for every node) and,
 * unless {@code spring.datasource.url} names a PostgreSQL, the embedded PostgreSQL ({@code shop.embedded.postgres.port},
 * 5433 unless set). Each node is then given their addresses ({@code spring.data.mongodb.uri},
 * {@code shop.providers.*.base-url}, {@code spring.datasource.url}) and starts none of its own. From the
 * development jar:
 *
 * <pre>
 * java -cp infra/app/target/shop-dev.jar -Dloader.main=com.example.shop.devstack.SharedDevStack \
 *     org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 *
 * <p>It is {@link EmbeddedDefaults} without the service: a Spring context without auto-configuration, whose only beans
 * are the servers those defaults start, so they are configured by the same properties and environment variables as a
 * node's ({@code SHOP_DATA_DIR}, {@code SHOP_SIMULATORS_PAYMENT_PORT}, ...). It logs their addresses once they
 * listen and stops them when the process is asked to stop (SIGTERM, Ctrl-C).
 */
@Configuration(proxyBeanMethods = false)
public class SharedDevStack {

    private static final Logger log = LoggerFactory.getLogger(SharedDevStack.class);

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the shared parts; they run until the returned context is closed or the process is stopped. */
    public static ConfigurableApplicationContext start(String... args) {
        SpringApplication application = new SpringApplication(SharedDevStack.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of(
                // the servers run on daemon threads: the process lives until its context is closed
                "spring.main.keep-alive", "true",
                "spring.main.banner-mode", "off",
                "shop.embedded.mongo.port", "27017",
                "shop.embedded.postgres.port", "5433"));
        return application.run(args);
    }

    /** True for the application that {@link #start} runs: it needs no master key, it wraps no secrets. */
    static boolean runs(SpringApplication application) {
        return application.getAllSources().contains(SharedDevStack.class);
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> sharedAddresses() {
        return ready -> {
            Environment environment = ready.getApplicationContext().getEnvironment();
            log.info(
                    "Shared development stack ready: MongoDB {}, payment gateway {}, shipping carrier {}, PostgreSQL {}",
                    environment.getProperty("spring.data.mongodb.uri"),
                    environment.getProperty("shop.providers.payment.base-url"),
                    environment.getProperty("shop.providers.shipping.base-url"),
                    environment.getProperty("spring.datasource.url"));
        };
    }
}
