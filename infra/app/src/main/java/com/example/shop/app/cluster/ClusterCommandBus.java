package com.example.shop.app.cluster;

import jakarta.annotation.Nonnull;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.distributed.DistributedCommandBus;

/**
 * Axon's distributed command bus, whose callers get a refusal from another node as the exception its handler threw
 * ({@link RefusalsCarried}). Every command crosses the channel, the ones this node owns included, so every answer
 * in a cluster takes this path.
 */
final class ClusterCommandBus extends DistributedCommandBus {

    ClusterCommandBus(Builder builder) {
        super(builder);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <C, R> void dispatch(
            @Nonnull CommandMessage<C> command, @Nonnull CommandCallback<? super C, ? super R> callback) {
        super.dispatch(command, (CommandCallback<C, R>) (message, result) ->
                callback.onResult(message, (CommandResultMessage) RefusalsCarried.rebuilt(result)));
    }
}
