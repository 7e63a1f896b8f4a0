package com.example.shop.app.cluster;

import java.net.InetAddress;
import org.jgroups.JChannel;
import org.jgroups.protocols.FD_ALL;
import org.jgroups.protocols.FD_SOCK;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;

/**
 * The JGroups stack, built in code from {@link ClusterSettings}: TCP on the bind address, static discovery of the
 * listed members (TCPPING, so that no single node or router is needed for a node to find the others), failure
 * detection by a closed socket (a killed process) and by missing heartbeats (a hung one), merging after a split.
 * Built in code rather than from the extension's XML with system properties, which are shared by every node in a
 * JVM.
 */
final class ClusterChannel {

    /** A node that answers no heartbeat for this long is suspected, verified, and then left out of the view. */
    private static final long HEARTBEAT_TIMEOUT_MS = 10_000;

    private static final long HEARTBEAT_INTERVAL_MS = 2_000;

    /** How long a starting node looks for the others before it starts a cluster of its own. */
    private static final long JOIN_TIMEOUT_MS = 2_000;

    private ClusterChannel() {}

    static JChannel create(ClusterSettings settings) throws Exception {
        TCP transport = new TCP();
        transport.setBindAddress(InetAddress.getByName(settings.bindAddress()));
        transport.setBindPort(settings.bindPort());
        // exactly the configured port: a node that silently took the next one could not be found by the others
        transport.setPortRange(0);
        TCPPING discovery = new TCPPING();
        discovery.setInitialHosts(settings.initialHosts());
        discovery.setPortRange(0);
        FD_ALL heartbeats = new FD_ALL();
        heartbeats.setTimeout(HEARTBEAT_TIMEOUT_MS);
        heartbeats.setInterval(HEARTBEAT_INTERVAL_MS);
        JChannel channel = new JChannel(
                transport,
                discovery,
                new MERGE3(),
                new FD_SOCK(),
                heartbeats,
                new VERIFY_SUSPECT(),
                new NAKACK2().setUseMcastXmit(false),
                new UNICAST3(),
                new STABLE(),
                new GMS().setJoinTimeout(JOIN_TIMEOUT_MS),
                new MFC(),
                new FRAG2());
        return channel.name(settings.nodeName());
    }
}
