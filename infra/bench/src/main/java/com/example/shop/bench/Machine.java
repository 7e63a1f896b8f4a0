package com.example.shop.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The machine a benchmark ran on, as Markdown table rows. */
final class Machine {

    private Machine() {}

    static List<String> describe(HikariDataSource dataSource, String command) throws SQLException, IOException {
        String postgres;
        try (Connection connection = dataSource.getConnection();
                ResultSet version = connection.createStatement().executeQuery("show server_version")) {
            version.next();
            postgres = version.getString(1) + " at " + dataSource.getJdbcUrl().replaceAll("\\?.*", "");
        }
        String cpu;
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(line -> line.startsWith("model name"))
                    .findFirst()
                    .map(line -> line.replaceAll(".*:\\s*", ""))
                    .orElse("unknown");
        }
        long memoryGb = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize()
                >> 30;
        return List.of(
                "| machine | |",
                "|---|---|",
                "| CPU | " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu + " |",
                "| memory | " + memoryGb + " GiB |",
                "| JVM | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " |",
                "| PostgreSQL | " + postgres + " (synchronous_commit on) |",
                "| command | `" + command + "` (sizes as system properties) |");
    }
}
