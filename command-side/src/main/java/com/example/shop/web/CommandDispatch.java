package com.example.shop.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.concurrent.TimeUnit;

/** Sends a command from a request thread and surfaces the handler's own exception to the web layer. */
public final class CommandDispatch {

    private static final long TIMEOUT_SECONDS = 30;

    private CommandDispatch() {
    }

    public static <R> R sendAndWait(CommandGateway gateway, Object command) {
        try {
            return gateway.sendAndWait(command, TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (CommandExecutionException e) {
            // a checked exception or a remote failure arrives wrapped; the cause is what the client must hear about
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
