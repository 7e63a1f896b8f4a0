package com.example.shop.app.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ConsoleLogFormatTest {

    @Test
    void jsonForACollectorReadableLinesForAPersonAtATerminal() {
        assertThat(ConsoleLogFormat.structuredFormat(new MockEnvironment(), false))
                .isEqualTo("ecs");
        assertThat(ConsoleLogFormat.structuredFormat(new MockEnvironment(), true))
                .isNull();
    }

    @Test
    void anExplicitChoiceWinsOverTheTerminal() {
        assertThat(ConsoleLogFormat.structuredFormat(
                        new MockEnvironment().withProperty("shop.logging.console", "json"), true))
                .isEqualTo("ecs");
        assertThat(ConsoleLogFormat.structuredFormat(
                        new MockEnvironment().withProperty("shop.logging.console", "text"), false))
                .isNull();
        assertThat(ConsoleLogFormat.structuredFormat(
                        new MockEnvironment().withProperty("logging.structured.format.console", "logstash"), false))
                .isNull();
    }

    @Test
    void anUnknownChoiceStopsTheStart() {
        assertThatThrownBy(() -> ConsoleLogFormat.structuredFormat(
                        new MockEnvironment().withProperty("shop.logging.console", "yaml"), false))
                .hasMessageContaining("auto, json or text");
    }
}
