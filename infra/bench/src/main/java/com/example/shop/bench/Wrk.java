package com.example.shop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@code wrk} for a fixed time with the Lua scripts in {@code /wrk/} (answers counted by status) and parses the
 * line their {@code done()} prints.
 */
final class Wrk {

    /** What a run measured; latencies as wrk reports them (of the requests it timed). */
    record Result(
            long requests,
            double seconds,
            double p50Millis,
            double p99Millis,
            long socketErrors,
            Map<Integer, Long> statuses) {

        double perSecond() {
            return requests / seconds;
        }

        long count(int status) {
            return statuses.getOrDefault(status, 0L);
        }
    }

    private static final String RESULT_LINE = "wrk-result ";

    private final int threads;
    private final int connections;
    /** CPUs for {@code taskset -c}, empty to leave wrk wherever the scheduler puts it. */
    private final String cpus;

    private final Path stats;
    private final Path claims;

    Wrk(int threads, int connections, String cpus) throws IOException {
        this.threads = threads;
        this.connections = connections;
        this.cpus = cpus;
        this.stats = script("stats.lua", resource("stats.lua"));
        this.claims = script("claims.lua", resource("stats.lua") + resource("claims.lua"));
    }

    String describe() {
        return "wrk -t" + threads + " -c" + connections
                + (cpus.isEmpty() ? ", not pinned" : ", pinned with `taskset -c " + cpus + "`");
    }

    /** GETs {@code url} for {@code seconds}. */
    Result get(String url, String authorization, double seconds) throws IOException, InterruptedException {
        return run(stats, url, authorization, seconds, List.of());
    }

    /** POSTs claims to {@code url} for {@code seconds}, each for a customer of its own named after {@code prefix}. */
    Result claims(String url, String authorization, double seconds, String prefix)
            throws IOException, InterruptedException {
        return run(claims, url, authorization, seconds, List.of("--", prefix));
    }

    private Result run(Path script, String url, String authorization, double seconds, List<String> scriptArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (!cpus.isEmpty()) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.addAll(List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + Math.max(1, Math.round(seconds)) + "s", // wrk takes whole seconds
                "--timeout",
                "10s",
                "-s",
                script.toString()));
        if (authorization != null) {
            command.addAll(List.of("-H", "Authorization: " + authorization));
        }
        command.add(url);
        command.addAll(scriptArgs);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0 || !output.contains(RESULT_LINE)) {
            throw new IllegalStateException("wrk failed on " + url + ":\n" + output);
        }
        String line = output.lines()
                .filter(l -> l.startsWith(RESULT_LINE))
                .findFirst()
                .orElseThrow();
        JsonNode json = new ObjectMapper().readTree(line.substring(RESULT_LINE.length()));
        Map<Integer, Long> statuses = new TreeMap<>();
        json.get("statuses")
                .fields()
                .forEachRemaining(e ->
                        statuses.put(Integer.valueOf(e.getKey()), e.getValue().asLong()));
        return new Result(
                json.get("requests").asLong(),
                json.get("durationMicros").asLong() / 1e6,
                json.get("p50Micros").asDouble() / 1e3,
                json.get("p99Micros").asDouble() / 1e3,
                json.get("socketErrors").asLong(),
                statuses);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Wrk.class.getResourceAsStream("/wrk/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path script(String name, String text) throws IOException {
        Path file = Files.createTempFile("front-" + name.replace(".lua", "-"), ".lua");
        file.toFile().deleteOnExit();
        return Files.writeString(file, text);
    }
}
