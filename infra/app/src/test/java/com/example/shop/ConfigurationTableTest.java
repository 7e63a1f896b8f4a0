package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is generated from the configuration metadata that Spring Boot's configuration
 * processor writes from the settings records (their defaults and the Javadoc of their components), so it cannot
 * drift from the code. When a setting changes, this test fails and prints the table to paste between the markers;
 * {@code -Dshop.readme.write=true} writes it into the README instead.
 */
class ConfigurationTableTest {

    static final String START =
            "<!-- configuration:start (generated from the settings records by ConfigurationTableTest) -->";
    static final String END = "<!-- configuration:end -->";
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final Pattern JAVADOC_TAG = Pattern.compile("\\{@(?:code|link|linkplain|literal) ([^}]*)}");

    @Test
    void theReadmeShowsEverySettingWithItsDefault() throws IOException {
        Map<String, JsonNode> properties = shopProperties();
        assertThat(properties)
                .as("settings records with metadata on the classpath")
                .containsKeys(
                        "shop.commands.max-concurrent", "shop.fulfilment.retry-after", "shop.security.tokens.issuer");
        List<String> undocumented = properties.values().stream()
                .filter(property -> property.path("description").asText("").isBlank())
                .map(property -> property.path("name").asText())
                .toList();
        assertThat(undocumented)
                .as("settings without a Javadoc @param on their record component")
                .isEmpty();

        String expected = table(properties);
        Path readme = readme();
        String current = Files.readString(readme, StandardCharsets.UTF_8);
        int start = current.indexOf(START);
        int end = current.indexOf(END);
        assertThat(start).as("%s holds the marker %s", readme, START).isNotNegative();
        assertThat(end)
                .as("%s holds the marker %s after the start marker", readme, END)
                .isGreaterThan(start);
        String actual = current.substring(start + START.length(), end);
        if (actual.equals(expected)) {
            return;
        }
        if (Boolean.getBoolean("shop.readme.write")) {
            Files.writeString(
                    readme,
                    current.substring(0, start + START.length()) + expected + current.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        System.out.println("The README's configuration table, to paste between " + START + " and " + END
                + " (or run this test with -Dshop.readme.write=true):" + expected);
        assertThat(actual)
                .as("README configuration table (expected table printed above)")
                .isEqualTo(expected);
    }

    /** Every {@code shop.*} property in the metadata of every module on the classpath, by name. */
    static Map<String, JsonNode> shopProperties() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, JsonNode> properties = new TreeMap<>();
        for (URL url :
                Collections.list(ConfigurationTableTest.class.getClassLoader().getResources(METADATA))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : mapper.readTree(in).path("properties")) {
                    String name = property.path("name").asText();
                    if (name.startsWith("shop.")) {
                        properties.put(name, property);
                    }
                }
            }
        }
        return properties;
    }

    static String table(Map<String, JsonNode> properties) {
        StringBuilder table =
                new StringBuilder("\n| property | environment variable | default | meaning |\n|---|---|---|---|\n");
        for (JsonNode property : properties.values()) {
            String name = property.path("name").asText();
            boolean map = property.path("type").asText().startsWith("java.util.Map<");
            JsonNode defaultValue = property.path("defaultValue");
            table.append("| `")
                    .append(name)
                    .append(map ? ".<id>" : "")
                    .append("` | `")
                    .append(environmentVariable(name))
                    .append(map ? "_<id>" : "")
                    .append("` | ")
                    .append(
                            defaultValue.isMissingNode() || defaultValue.isNull()
                                    ? "none"
                                    : "`" + defaultValue.asText() + "`")
                    .append(" | ")
                    .append(meaning(property.path("description").asText()))
                    .append(" |\n");
        }
        return table.toString();
    }

    /** Spring Boot's canonical form of a property in the environment: dots become underscores, dashes go. */
    static String environmentVariable(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static String meaning(String javadoc) {
        Matcher tag = JAVADOC_TAG.matcher(javadoc.replaceAll("\\s+", " ").trim());
        StringBuilder text = new StringBuilder();
        while (tag.find()) {
            String code = tag.group(1).startsWith("#") ? tag.group(1).substring(1) : tag.group(1);
            tag.appendReplacement(text, Matcher.quoteReplacement("`" + code + "`"));
        }
        tag.appendTail(text);
        return text.toString().replace("|", "\\|");
    }

    /** The project's README: the tests run in their module's directory, two levels below it. */
    private static Path readme() {
        List<Path> tried = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("README.md");
            tried.add(candidate);
            if (Files.exists(candidate) && Files.exists(dir.resolve("mvnw"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no README.md beside mvnw in " + tried);
    }
}
