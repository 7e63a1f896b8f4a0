package com.example.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class ShopApplication {

    public static void main(String[] args) {
        disableAxonUpdateChecker();
        disableAxonConsoleBanner();
        SpringApplication.run(ShopApplication.class, args);
    }

    /** Axon calls home at start-up; this machine has no internet and a shop should not phone out anyway. */
    public static void disableAxonUpdateChecker() {
        System.setProperty("axoniq.update-checker.disabled", "true");
    }

    /** Axon advertises AxonIQ Console on every start; this service has no use for it. */
    public static void disableAxonConsoleBanner() {
        System.setProperty("disable-axoniq-console-message", "true");
    }
}
