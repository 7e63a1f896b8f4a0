package com.example.shop.app.cluster;

import jakarta.annotation.Nonnull;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;

/**
 * Both ends of a refusal's trip between nodes. On the handling node, {@link #handledBy(CommandBus) the local segment}
 * answers a refused command with a {@link CommandExecutionException} whose details describe the refusal (Axon
 * serialises only the details and the exceptions' class names and messages); the whole outcome is seen here, so a
 * refusal at commit (a concurrent append) is described as well as one the handler threw. On the sending node,
 * {@link #rebuilt(CommandResultMessage)} turns such an answer back into the exception the handler threw.
 */
final class RefusalsCarried {

    private RefusalsCarried() {}

    /** The local segment, answering refusals with their description. */
    static CommandBus handledBy(CommandBus localSegment) {
        return new DescribingLocalSegment(localSegment);
    }

    /** The answer with a described refusal replaced by the exception it describes; other answers unchanged. */
    static CommandResultMessage<?> rebuilt(CommandResultMessage<?> result) {
        if (result.isExceptional()
                && result.exceptionResult() instanceof CommandExecutionException remote
                && remote.getDetails().orElse(null) instanceof CommandRefusal refusal) {
            return new GenericCommandResultMessage<>(refusal.rebuild(), result.getMetaData());
        }
        return result;
    }

    static CommandResultMessage<?> described(CommandResultMessage<?> result) {
        if (!result.isExceptional()) {
            return result;
        }
        Throwable failure = result.exceptionResult();
        return CommandRefusal.of(failure)
                .<CommandResultMessage<?>>map(refusal -> new GenericCommandResultMessage<>(
                        new CommandExecutionException(failure.getMessage(), failure, refusal), result.getMetaData()))
                .orElse(result);
    }

    private record DescribingLocalSegment(CommandBus delegate) implements CommandBus {

        @Override
        public <C> void dispatch(@Nonnull CommandMessage<C> command) {
            delegate.dispatch(command);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public <C, R> void dispatch(
                @Nonnull CommandMessage<C> command, @Nonnull CommandCallback<? super C, ? super R> callback) {
            delegate.dispatch(command, (CommandCallback<C, R>)
                    (message, result) -> callback.onResult(message, (CommandResultMessage) described(result)));
        }

        @Override
        public Registration subscribe(
                @Nonnull String commandName, @Nonnull MessageHandler<? super CommandMessage<?>> handler) {
            return delegate.subscribe(commandName, handler);
        }

        @Override
        public Registration registerHandlerInterceptor(
                @Nonnull MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
            return delegate.registerHandlerInterceptor(handlerInterceptor);
        }

        @Override
        public Registration registerDispatchInterceptor(
                @Nonnull MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
            return delegate.registerDispatchInterceptor(dispatchInterceptor);
        }
    }
}
