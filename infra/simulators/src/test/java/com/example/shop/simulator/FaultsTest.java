package com.example.shop.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void noneIsHealthyWithTheDefaultTimeoutDelay() {
        assertThat(Faults.none()).isEqualTo(new Faults(0, 0, 0, 5_000, false, 0, 0));
    }

    @Test
    void withersChangeOnlyTheirField() {
        Faults faults = Faults.none().withErrorRate(0.25).withOutage(true).withTimeoutDelayMs(300);

        assertThat(faults).isEqualTo(new Faults(0, 0.25, 0, 300, true, 0, 0));
        assertThat(Faults.none().outage()).isFalse();
    }

    @Test
    void ratesOutsideZeroToOneAndNegativeDelaysAreRejected() {
        assertThatThrownBy(() -> Faults.none().withDeclineRate(1.5)).hasMessageContaining("declineRate");
        assertThatThrownBy(() -> Faults.none().withErrorRate(Double.NaN)).hasMessageContaining("errorRate");
        assertThatThrownBy(() -> Faults.none().withLatencyMs(-1)).hasMessageContaining("latencyMs");
    }
}
