package com.example.shop.replay;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** {@code infra/rebuild.sh}, run as an operator runs it, against the started service. */
class RebuildScriptTest extends ServiceTest {

    private static final String CATALOG = "product-catalog";

    private Path script;

    @BeforeEach
    void findTheScriptAndItsTools() {
        for (String tool : List.of("bash", "curl", "jq")) {
            assumeThat(onPath(tool)).as(tool + " is needed to run the script").isTrue();
        }
        // tests run in infra/app; the script sits beside it
        script = Path.of("").toAbsolutePath().getParent().resolve("rebuild.sh");
        assertThat(script).exists();
    }

    private record Run(int exitCode, String output) {
    }

    @Test
    void rebuildsTheProjectionWithTheTokenFromShopToken() throws Exception {
        String sku = unique("REBUILD");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 3)).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/products/" + sku).status() == 200);
        long generation = api.get("/admin/projections/" + CATALOG).json().path("generation").asLong();

        Run run = run(Map.of("SHOP_TOKEN", adminToken), CATALOG, "http://127.0.0.1:" + port);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Rebuilt " + CATALOG + " up to event", "100%");
        JsonNode status = api.get("/admin/projections/" + CATALOG).json();
        assertThat(status.path("generation").asLong()).isGreaterThan(generation);
        assertThat(status.path("rebuilding").asBoolean()).isFalse();
        assertThat(api.get("/products/" + sku).json().path("available").asLong()).isEqualTo(3);
    }

    @Test
    void withoutShopTokenSaysHowToGetOne() throws Exception {
        Run run = run(Map.of(), CATALOG, "http://127.0.0.1:" + port);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("SHOP_TOKEN is not set", "http://127.0.0.1:" + port + "/auth/login",
                "jq -r .accessToken");
    }

    @Test
    void aCustomersTokenIsRefusedAndTheScriptFails() throws Exception {
        Customer customer = newCustomer();
        String token = anonymous.login(customer.email(), customer.password()).json().path("accessToken").asText();

        Run run = run(Map.of("SHOP_TOKEN", token), CATALOG, "http://127.0.0.1:" + port);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("answered 403", "/problems/forbidden");
    }

    private Run run(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        Path output = Files.createTempFile("rebuild-sh", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(concat(script.toString(), arguments))
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().remove("SHOP_TOKEN");
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("rebuild.sh did not end: " + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.stream.Stream.of(rest))
                .toList();
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, tool)));
    }
}
