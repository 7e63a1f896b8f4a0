package com.example.shop.app.cluster;

import jakarta.annotation.Nonnull;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.distributed.DistributedCommandBus;
import org.axonframework.extensions.jgroups.commandhandling.JGroupsConnector;
import org.axonframework.lifecycle.Lifecycle;
import org.axonframework.lifecycle.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's distributed command bus, whose callers get a refusal from another node as the exception its handler threw
 * ({@link RefusalsCarried}). A command this node owns does not cross the channel ({@link LocalFirstConnector}); its
 * answer takes the same path as one from another node.
 *
 * <p>The node joins the cluster in Axon's start-up, once its handlers have subscribed (so it announces every command
 * it takes at once) and before the event processors start (so the saga's first commands find their nodes); it
 * leaves once the commands it sent have been answered.
 */
final class ClusterCommandBus extends DistributedCommandBus {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCommandBus.class);

    private final JGroupsConnector connector;
    private final long joinTimeoutMs;
    private final AtomicBoolean joined = new AtomicBoolean();

    /** @param takesCommands false: this node sends commands but owns no aggregate (a load factor of 0 on the hash) */
    ClusterCommandBus(Builder builder, JGroupsConnector connector, long joinTimeoutMs, boolean takesCommands) {
        super(builder.commandRouter(connector).connector(new LocalFirstConnector(connector)));
        this.connector = connector;
        this.joinTimeoutMs = joinTimeoutMs;
        if (!takesCommands) {
            updateLoadFactor(0);
        }
    }

    @Override
    public void registerLifecycleHandlers(@Nonnull Lifecycle.LifecycleRegistry lifecycle) {
        super.registerLifecycleHandlers(lifecycle);
        lifecycle.onStart(Phase.INBOUND_COMMAND_CONNECTOR, (Runnable) this::join);
        lifecycle.onShutdown(Phase.OUTBOUND_COMMAND_CONNECTORS - 1, (Runnable) this::leave);
    }

    /** Once: Axon may register a component's handlers more than once, and a second connect would leak a pool. */
    private void join() {
        if (!joined.compareAndSet(false, true)) {
            return;
        }
        try {
            connector.connect();
            if (!connector.awaitJoined(joinTimeoutMs, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("did not join the cluster within " + joinTimeoutMs + " ms");
            }
            LOG.info("Joined the cluster as {}", connector.getNodeName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining the cluster", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not join the cluster", e);
        }
    }

    private void leave() {
        if (joined.compareAndSet(true, false)) {
            connector.disconnect();
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <C, R> void dispatch(
            @Nonnull CommandMessage<C> command, @Nonnull CommandCallback<? super C, ? super R> callback) {
        super.dispatch(command, (CommandCallback<C, R>) (message, result) ->
                callback.onResult(message, (CommandResultMessage) RefusalsCarried.rebuilt(result)));
    }
}
