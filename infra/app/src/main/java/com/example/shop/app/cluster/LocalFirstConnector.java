package com.example.shop.app.cluster;

import jakarta.annotation.Nonnull;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.distributed.CommandBusConnector;
import org.axonframework.commandhandling.distributed.Member;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;

/**
 * The cluster's connector, except that a command whose aggregate this node owns goes straight to the local segment.
 * JGroups sends such a command through the channel to this node itself: serialised, carried over the loopback,
 * deserialised, and its answer the same way back; with one node, every command. The local segment is the one the channel would have handed it to, so its
 * answer, a refusal included, is the same either way.
 */
final class LocalFirstConnector implements CommandBusConnector {

    private final CommandBusConnector channel;
    private final CommandBus localSegment;

    LocalFirstConnector(CommandBusConnector channel) {
        this.channel = channel;
        this.localSegment = channel.localSegment()
                .orElseThrow(() -> new IllegalArgumentException("the connector has no local segment"));
    }

    @Override
    public <C> void send(@Nonnull Member destination, @Nonnull CommandMessage<? extends C> command) throws Exception {
        if (destination.local()) {
            localSegment.dispatch(command);
        } else {
            channel.send(destination, command);
        }
    }

    @Override
    public <C, R> void send(
            @Nonnull Member destination,
            @Nonnull CommandMessage<C> command,
            @Nonnull CommandCallback<? super C, R> callback)
            throws Exception {
        if (destination.local()) {
            localSegment.dispatch(command, callback);
        } else {
            channel.send(destination, command, callback);
        }
    }

    @Override
    public Registration subscribe(
            @Nonnull String commandName, @Nonnull MessageHandler<? super CommandMessage<?>> handler) {
        return channel.subscribe(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(
            @Nonnull MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
        return channel.registerHandlerInterceptor(handlerInterceptor);
    }

    @Override
    public Optional<CommandBus> localSegment() {
        return Optional.of(localSegment);
    }

    @Override
    public CompletableFuture<Void> initiateShutdown() {
        return channel.initiateShutdown();
    }
}
