package com.example.shop.support;

import com.example.shop.ShopApplication;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderShippedEvent;
import com.example.shop.order.OrderStockCommittedEvent;
import com.example.shop.order.OrderStockReleasedEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Nodes of one cluster as application contexts in this JVM, on loopback: the first one started owns the database and
 * the in-process MongoDB server (and drops the database when it closes, so it closes last), the others share them.
 */
public final class ClusterContexts {

    private ClusterContexts() {}

    /**
     * @param clusterPorts every node's JGroups port, the same list for every node
     * @param index        this node's place in it
     */
    public static ConfigurableApplicationContext start(List<Integer> clusterPorts, int index, String... specific) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--shop.cluster.enabled=true",
                "--shop.cluster.bind-port=" + clusterPorts.get(index),
                "--shop.cluster.members="
                        + clusterPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")),
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--shop.embedded.data-dir=target/test-data/cluster-node-" + UUID.randomUUID(),
                "--shop.embedded.delete-data-on-close=true",
                "--shop.simulators.payment.port=0",
                "--shop.simulators.shipping.port=0",
                "--shop.security.admin.email=" + ServiceTest.ADMIN_EMAIL,
                "--shop.security.admin.password=" + ServiceTest.ADMIN_PASSWORD,
                "--shop.rate-limits.enabled=false",
                "--logging.level.root=WARN",
                "--logging.level.com.example.shop.app=INFO"));
        args.addAll(List.of(specific));
        return new SpringApplicationBuilder(ShopApplication.class).run(args.toArray(String[]::new));
    }

    /** What the first node makes and every other node must share: its database, its MongoDB, its master key. */
    public static String[] madeBy(ConfigurableApplicationContext first) {
        Environment made = first.getEnvironment();
        String keyId = made.getProperty("shop.security.master-key-id");
        return new String[] {
            "--spring.datasource.url=" + made.getProperty("spring.datasource.url"),
            "--spring.datasource.username=" + made.getProperty("spring.datasource.username"),
            "--spring.datasource.password=",
            "--spring.data.mongodb.uri=" + made.getProperty("spring.data.mongodb.uri"),
            // every node must unwrap the same signing keys
            "--shop.security.master-key-id=" + keyId,
            "--shop.security.master-keys." + keyId + "=" + made.getProperty("shop.security.master-keys." + keyId)
        };
    }

    /** Arguments for the node that starts first: a database and a MongoDB of its own, both gone when it closes. */
    public static String[] firstNode() {
        return new String[] {"--shop.embedded.postgres.prefer-local=true", "--shop.embedded.mongo.persistent=false"};
    }

    public static int webPort(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Each order that has ended and whose stock has settled (committed or given back), with its terminal event. */
    public static Map<String, String> settledEndings(JdbcClient jdbc, Collection<String> orderIds) {
        Map<String, List<String>> events = jdbc
                .sql("""
                        select aggregate_identifier, payload_type from domain_event_entry
                        where aggregate_identifier in (:ids) and payload_type in (:types)""")
                .param("ids", orderIds)
                .param(
                        "types",
                        List.of(
                                OrderShippedEvent.class.getName(),
                                OrderFailedEvent.class.getName(),
                                OrderStockCommittedEvent.class.getName(),
                                OrderStockReleasedEvent.class.getName()))
                .query((row, n) -> Map.entry(row.getString(1), row.getString(2)))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        Map<String, String> endings = new HashMap<>();
        events.forEach((orderId, types) -> {
            if (types.size() == 2) {
                types.stream()
                        .filter(type -> type.endsWith("OrderShippedEvent") || type.endsWith("OrderFailedEvent"))
                        .findFirst()
                        .ifPresent(ending -> endings.put(orderId, ending));
            }
        });
        return endings;
    }
}
