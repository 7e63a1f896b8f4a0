package com.example.shop.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Nonnull;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.distributed.CommandBusConnector;
import org.axonframework.commandhandling.distributed.Member;
import org.axonframework.commandhandling.distributed.SimpleMember;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.junit.jupiter.api.Test;

class LocalFirstConnectorTest {

    private final SimpleCommandBus localSegment = SimpleCommandBus.builder().build();
    private final RecordingChannel channel = new RecordingChannel(localSegment);
    private final LocalFirstConnector connector = new LocalFirstConnector(channel);

    LocalFirstConnectorTest() {
        connector.subscribe(String.class.getName(), command -> "handled here: " + command.getPayload());
    }

    @Test
    void aCommandThisNodeOwnsIsHandledByTheLocalSegmentWithoutCrossingTheChannel() throws Exception {
        AtomicReference<CommandResultMessage<?>> answer = new AtomicReference<>();

        connector.send(
                member(true),
                GenericCommandMessage.asCommandMessage("restock"),
                (command, result) -> answer.set(result));

        assertThat(answer.get().getPayload()).isEqualTo("handled here: restock");
        assertThat(channel.sent).isEmpty();
    }

    @Test
    void aCommandAnotherNodeOwnsGoesThroughTheChannel() throws Exception {
        CommandMessage<String> command = GenericCommandMessage.asCommandMessage("restock");

        connector.send(member(false), command, (sent, result) -> {});
        connector.send(member(false), command);

        assertThat(channel.sent).containsExactly("restock", "restock");
    }

    @Test
    void handlersSubscribeThroughTheChannelSoThatTheClusterLearnsWhatThisNodeTakes() {
        assertThat(channel.subscribed).containsExactly(String.class.getName());
        assertThat(connector.localSegment()).contains(localSegment);
    }

    private static Member member(boolean local) {
        return new SimpleMember<>(local ? "this node" : "another node", "endpoint", local, null);
    }

    /** The channel's connector, recording what it was asked to carry. */
    private static final class RecordingChannel implements CommandBusConnector {
        private final CommandBus localSegment;
        private final List<Object> sent = new ArrayList<>();
        private final List<String> subscribed = new ArrayList<>();

        RecordingChannel(CommandBus localSegment) {
            this.localSegment = localSegment;
        }

        @Override
        public <C> void send(@Nonnull Member destination, @Nonnull CommandMessage<? extends C> command) {
            sent.add(command.getPayload());
        }

        @Override
        public <C, R> void send(
                @Nonnull Member destination,
                @Nonnull CommandMessage<C> command,
                @Nonnull CommandCallback<? super C, R> callback) {
            sent.add(command.getPayload());
        }

        @Override
        public Registration subscribe(
                @Nonnull String commandName, @Nonnull MessageHandler<? super CommandMessage<?>> handler) {
            subscribed.add(commandName);
            return localSegment.subscribe(commandName, handler);
        }

        @Override
        public Registration registerHandlerInterceptor(
                @Nonnull MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
            return localSegment.registerHandlerInterceptor(handlerInterceptor);
        }

        @Override
        public Optional<CommandBus> localSegment() {
            return Optional.of(localSegment);
        }
    }
}
