package com.example.shop.app.cluster;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shop.cluster.*}: several nodes on one event store act as one cluster; each command is handled by the node
 * that owns its aggregate (ADR 0020).
 *
 * @param enabled     route every command over JGroups to the node that owns its aggregate (consistent hashing on
 *                    the aggregate identifier); off, each node handles the commands it sends itself
 * @param name        the cluster's name: a node joins only the nodes that use the same name
 * @param bindAddress the address this node's JGroups TCP transport listens on
 * @param bindPort    the port this node's JGroups TCP transport listens on
 * @param members     the other nodes, as {@code host:port} of their bind address and port, asked at start-up
 *                    (TCPPING); list every node on every node, so that any of them may be down. Empty: this node
 *                    alone until another one lists it
 */
@Validated
@ConfigurationProperties("shop.cluster")
public record ClusterSettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("shop") @NotBlank String name,
        @DefaultValue("127.0.0.1") @NotBlank String bindAddress,
        @DefaultValue("7800") @Min(1) @Max(65535) int bindPort,
        @DefaultValue @NotNull List<@Pattern(regexp = "[^:\\s]+:[0-9]{1,5}") String> members) {

    public ClusterSettings {
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** This node's own name in the cluster: its address, unique among the nodes by construction. */
    public String nodeName() {
        return bindAddress + ":" + bindPort;
    }

    /** Where discovery looks: this node and every listed member. */
    public List<InetSocketAddress> initialHosts() {
        List<InetSocketAddress> hosts = new ArrayList<>();
        hosts.add(new InetSocketAddress(bindAddress, bindPort));
        for (String member : members) {
            int colon = member.lastIndexOf(':');
            InetSocketAddress host =
                    new InetSocketAddress(member.substring(0, colon), Integer.parseInt(member.substring(colon + 1)));
            if (!hosts.contains(host)) {
                hosts.add(host);
            }
        }
        return hosts;
    }
}
