package com.example.shop.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.ShopApplication;
import com.example.shop.campaign.ClaimDiscountsCommand;
import com.example.shop.campaign.CreateCampaignCommand;
import com.example.shop.inventory.RestockCommand;
import com.example.shop.inventory.StockIds;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.distributed.Member;
import org.axonframework.common.caching.Cache;
import org.axonframework.extensions.jgroups.commandhandling.JGroupsConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes in one cluster, as two application contexts on loopback: one PostgreSQL database, one MongoDB (the
 * first node's in-process server), two web ports and two JGroups ports. Commands reach the node that owns their
 * aggregate whichever node they were sent to; answers and refusals come back as if handled where they were sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodeClusterIT {

    private ConfigurableApplicationContext nodeA;
    private ConfigurableApplicationContext nodeB;
    private String nameOfA;
    private Api a;
    private Api b;

    @BeforeAll
    void startTwoNodes() throws IOException {
        int portA = freePort();
        int portB = freePort();
        nameOfA = "127.0.0.1:" + portA;
        nodeA = start(
                portA, portB, "--shop.embedded.postgres.prefer-local=true", "--shop.embedded.mongo.persistent=false");
        Environment first = nodeA.getEnvironment();
        String keyId = first.getProperty("shop.security.master-key-id");
        nodeB = start(
                portB,
                portA,
                "--spring.datasource.url=" + first.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + first.getProperty("spring.datasource.username"),
                "--spring.datasource.password=",
                "--spring.data.mongodb.uri=" + first.getProperty("spring.data.mongodb.uri"),
                // both nodes must unwrap the same signing keys
                "--shop.security.master-key-id=" + keyId,
                "--shop.security.master-keys." + keyId + "=" + first.getProperty("shop.security.master-keys." + keyId));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> members(nodeA).size() == 2 && members(nodeB).equals(members(nodeA)));
        String token = new Api(webPort(nodeA))
                .login(ServiceTest.ADMIN_EMAIL, ServiceTest.ADMIN_PASSWORD)
                .json()
                .path("accessToken")
                .asText();
        a = new Api(webPort(nodeA)).withToken(token);
        b = new Api(webPort(nodeB)).withToken(token);
    }

    @AfterAll
    void stopNodes() {
        // the second node first: the first one drops the database they share when it closes
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void aCommandSentToTheOtherNodeIsDecidedByTheOwnerAndItsAnswerComesBackTyped() {
        String campaignId = ownedByA(id -> new CreateCampaignCommand(id, "x", 1, 1, null, null), "routed");

        assertThat(b.post("/admin/campaigns", campaign(campaignId, 10)).status())
                .isEqualTo(201);
        Api.Response granted = b.post("/campaigns/" + campaignId + "/claims", "{\"customerId\":\"customer-1\"}");
        assertThat(granted.status()).as("%s", granted).isEqualTo(201);
        assertThat(granted.json().path("campaignId").asText()).isEqualTo(campaignId);
        assertThat(granted.json().path("customerId").asText()).isEqualTo("customer-1");
        assertThat(granted.json().path("discountPercent").asInt()).isEqualTo(15);
        assertThat(granted.json().path("claimId").asText()).isNotBlank();
        Api.Response again = b.post("/campaigns/" + campaignId + "/claims", "{\"customerId\":\"customer-1\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("/problems/discount-already-claimed");

        // the owner decided both (its cache holds the campaign); the node they were sent to never loaded it
        assertThat(campaignCache(nodeA).containsKey(campaignId)).isTrue();
        assertThat(campaignCache(nodeB).containsKey(campaignId)).isFalse();
    }

    @Test
    void aRefusalOnTheOwnerReachesTheClientOfTheOtherNodeAsTheSameProblem() {
        Instant now = Instant.now();
        String remote = ownedByA(id -> new CreateCampaignCommand(id, "x", 1, 1, null, null), "refused-remote");
        String local = ownedByA(id -> new CreateCampaignCommand(id, "x", 1, 1, null, null), "refused-local");

        // a rule of the aggregate, without details
        String backwards = """
                {"campaignId":"%s","name":"Backwards","quota":5,"discountPercent":10,"startsAt":"%s","endsAt":"%s"}""";
        Api.Response viaB = b.post("/admin/campaigns", backwards.formatted(remote, now.plusSeconds(60), now));
        Api.Response viaA = a.post("/admin/campaigns", backwards.formatted(local, now.plusSeconds(60), now));
        assertThat(viaB.status()).as("%s", viaB).isEqualTo(422);
        assertThat(viaB.isProblem()).isTrue();
        assertThat(viaB.problemType()).isEqualTo("/problems/invalid-window");
        assertThat(viaB.json()).isEqualTo(viaA.json());

        // a rule of the aggregate, with details
        String ended = """
                {"campaignId":"%s","name":"Ended","quota":5,"discountPercent":10,"startsAt":"%s","endsAt":"%s"}""";
        viaB = b.post("/admin/campaigns", ended.formatted(remote, now.minusSeconds(120), now.minusSeconds(60)));
        viaA = a.post("/admin/campaigns", ended.formatted(local, now.minusSeconds(120), now.minusSeconds(60)));
        assertThat(viaB.status()).as("%s", viaB).isEqualTo(422);
        assertThat(viaB.problemType()).isEqualTo("/problems/campaign-window-ended");
        assertThat(viaB.json().path("field").asText()).isEqualTo("endsAt");
        assertThat(viaB.jsonWithout("detail", "now")).isEqualTo(viaA.jsonWithout("detail", "now"));

        // an aggregate that does not exist, mapped by the controller and by the claim batcher
        String sku = ownedByA(id -> new RestockCommand(id, 1), "GHOST");
        viaB = b.post("/products/" + sku + "/restock", "{\"quantity\":1}");
        assertThat(viaB.status()).as("%s", viaB).isEqualTo(404);
        assertThat(viaB.problemType()).isEqualTo("/problems/unknown-product");
        assertThat(viaB.json())
                .isEqualTo(a.post("/products/" + sku + "/restock", "{\"quantity\":1}")
                        .json());
        String noCampaign = ownedByA(id -> new ClaimDiscountsCommand(id, List.of()), "no-such-campaign");
        viaB = b.post("/campaigns/" + noCampaign + "/claims", "{\"customerId\":\"customer-1\"}");
        assertThat(viaB.status()).as("%s", viaB).isEqualTo(404);
        assertThat(viaB.problemType()).isEqualTo("/problems/campaign-not-found");
        assertThat(viaB.json())
                .isEqualTo(a.post("/campaigns/" + noCampaign + "/claims", "{\"customerId\":\"customer-1\"}")
                        .json());
    }

    @Test
    void claimsAndRestocksSpreadOverBothNodesGiveExactCountsAndNoConflict() throws Exception {
        String campaignId = "hammer-" + UUID.randomUUID();
        int quota = 250;
        assertThat(a.post("/admin/campaigns", campaign(campaignId, quota)).status())
                .isEqualTo(201);
        String sku = "HAMMER-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(b.post("/products", Api.product(sku, 500, "EUR", 10)).status())
                .isEqualTo(201);

        List<Future<Api.Response>> claims = new ArrayList<>();
        List<Future<Api.Response>> restocks = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(24);
        try {
            for (int i = 0; i < 400; i++) {
                Api node = i % 2 == 0 ? a : b;
                String body = "{\"customerId\":\"hammer-customer-" + i + "\"}";
                claims.add(clients.submit(() -> node.post("/campaigns/" + campaignId + "/claims", body)));
                if (i % 2 == 0) {
                    Api other = i % 4 == 0 ? b : a;
                    restocks.add(clients.submit(() -> other.post("/products/" + sku + "/restock", "{\"quantity\":1}")));
                }
            }
            Map<String, Long> claimOutcomes = outcomes(claims);
            Map<String, Long> restockOutcomes = outcomes(restocks);

            assertThat(claimOutcomes)
                    .isEqualTo(Map.of("201", (long) quota, "409 /problems/campaign-sold-out", 400L - quota));
            assertThat(restockOutcomes).isEqualTo(Map.of("202", 200L));
        } finally {
            clients.shutdownNow();
        }
        JdbcClient jdbc = nodeA.getBean(JdbcClient.class);
        assertThat(jdbc.sql("""
                        select coalesce(sum(jsonb_array_length(convert_from(payload, 'UTF8')::jsonb -> 'grants')), 0)
                        from domain_event_entry where aggregate_identifier = :campaign""").param("campaign", campaignId).query(Long.class).single())
                .as("grants stored")
                .isEqualTo(quota);
        assertThat(jdbc.sql("""
                        select count(*) from domain_event_entry
                        where aggregate_identifier = :stock and payload_type like '%StockRestockedEvent'""")
                        .param("stock", StockIds.of(sku))
                        .query(Long.class)
                        .single())
                .as("restocks stored")
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> available(a, sku) == 210 && available(b, sku) == 210);
    }

    /** The status of each answer, with its problem type if it has one, counted. */
    private static Map<String, Long> outcomes(List<Future<Api.Response>> answers) throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (Future<Api.Response> answer : answers) {
            Api.Response response = answer.get();
            outcomes.add(
                    response.isProblem() ? response.status() + " " + response.problemType() : "" + response.status());
        }
        return outcomes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static long available(Api node, String sku) {
        Api.Response read = node.get("/products/" + sku);
        return read.status() == 200 ? read.json().path("available").asLong() : -1;
    }

    private static String campaign(String campaignId, int quota) {
        Instant now = Instant.now();
        return """
                {"campaignId":"%s","name":"Cluster sale","quota":%d,"discountPercent":15,"startsAt":"%s","endsAt":"%s"}""".formatted(campaignId, quota, now.minusSeconds(60), now.plusSeconds(3600));
    }

    /** An identifier whose commands node A owns, as both nodes see it. */
    private String ownedByA(Function<String, Object> command, String prefix) {
        for (int i = 0; i < 1000; i++) {
            String id =
                    prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            Object sample = command.apply(id);
            if (nameOfA.equals(owner(nodeA, sample)) && nameOfA.equals(owner(nodeB, sample))) {
                return id;
            }
        }
        throw new AssertionError("node A owns no " + prefix + " as both nodes see it; members: " + members(nodeA)
                + " on A, " + members(nodeB) + " on B");
    }

    /** The name of the node that owns the command's aggregate, as the given node sees it. */
    private static String owner(ConfigurableApplicationContext node, Object command) {
        return node.getBean(JGroupsConnector.class)
                .findDestination(GenericCommandMessage.asCommandMessage(command))
                .map(Member::name)
                .orElse(null);
    }

    private static List<String> members(ConfigurableApplicationContext node) {
        return node.getBean(ClusterMembership.class).members();
    }

    private static Cache campaignCache(ConfigurableApplicationContext node) {
        return node.getBean("campaignCache", Cache.class);
    }

    private static int webPort(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    private static ConfigurableApplicationContext start(int clusterPort, int otherClusterPort, String... specific) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--shop.cluster.enabled=true",
                "--shop.cluster.bind-port=" + clusterPort,
                "--shop.cluster.members=127.0.0.1:" + otherClusterPort,
                "--spring.datasource.hikari.maximum-pool-size=10",
                "--shop.embedded.data-dir=target/test-data/cluster-node-" + UUID.randomUUID(),
                "--shop.embedded.delete-data-on-close=true",
                "--shop.simulators.payment.port=0",
                "--shop.simulators.shipping.port=0",
                "--shop.security.admin.email=" + ServiceTest.ADMIN_EMAIL,
                "--shop.security.admin.password=" + ServiceTest.ADMIN_PASSWORD,
                "--shop.rate-limits.enabled=false",
                "--logging.level.root=WARN",
                "--logging.level.com.example.shop.app.cluster=INFO"));
        args.addAll(List.of(specific));
        return new SpringApplicationBuilder(ShopApplication.class).run(args.toArray(String[]::new));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
