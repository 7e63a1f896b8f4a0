package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Scripts;
import com.example.shop.support.ServiceTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's walkthrough, {@code infra/try-it.sh}, against the started service: every step answers as the
 * README says, so the README cannot drift from the service unnoticed.
 */
class TryItScriptIT extends ServiceTest {

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void everyStepOfTheWalkthroughAnswersAsExpected() throws Exception {
        Path script = Scripts.script("try-it.sh");

        Scripts.Run run = Scripts.run(
                script,
                Map.of(
                        "SHOP_SECURITY_ADMIN_EMAIL",
                        ADMIN_EMAIL,
                        "SHOP_SIMULATORS_PAYMENT_PORT",
                        String.valueOf(paymentGateway.port())),
                PATIENCE,
                "http://127.0.0.1:" + port,
                ADMIN_PASSWORD);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains(
                        "POST /admin/campaigns",
                        "-> 201",
                        "id:SHIPPED",
                        "the second order is cancelled",
                        "all 21 steps answered as expected");
        assertThat(paymentGateway.faults().outage())
                .as("the gateway is healed after the outage")
                .isFalse();
    }

    @Test
    void aWrongAdminPasswordStopsAtTheLoginAndSaysSo() throws Exception {
        Path script = Scripts.script("try-it.sh");

        Scripts.Run run = Scripts.run(
                script,
                Map.of(
                        "SHOP_SECURITY_ADMIN_EMAIL",
                        ADMIN_EMAIL,
                        "SHOP_SIMULATORS_PAYMENT_PORT",
                        String.valueOf(paymentGateway.port())),
                PATIENCE,
                "http://127.0.0.1:" + port,
                "not the admin password");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("try-it: step 2 (staff log in) failed: answered 401, expected 200");
    }
}
