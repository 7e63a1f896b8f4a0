package com.example.shop.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;

/**
 * The embedded PostgreSQL runs as a server process of its own, so a service killed with SIGKILL (or by the
 * OOM killer) leaves it running, holding the data directory: the next start of the service would fail. Its
 * {@code postmaster.pid} names it; if that process is still alive and is a PostgreSQL server of this data
 * directory, it is stopped (SIGTERM; its clients died with the old service) before the new server starts.
 * A pid file of a process that is gone is left to PostgreSQL, which ignores it.
 */
final class StalePostmaster {

    private static final Duration GRACE = Duration.ofSeconds(30);

    private StalePostmaster() {}

    static void stopIfRunning(Path dataDirectory, Log log) {
        Optional<ProcessHandle> postmaster = find(dataDirectory);
        if (postmaster.isEmpty()) {
            return;
        }
        ProcessHandle process = postmaster.get();
        log.warn("An embedded PostgreSQL (pid " + process.pid() + ") of " + dataDirectory
                + " outlived the service that started it; stopping it before starting a new one");
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!exited(process, GRACE)) {
            log.warn("PostgreSQL (pid " + process.pid() + ") did not stop within " + GRACE + "; killing it");
            process.destroyForcibly();
            exited(process, GRACE);
        }
        // backends hold the shared memory segment; a new server refuses to start while one lives
        children.forEach(child -> {
            if (!exited(child, Duration.ofSeconds(5))) {
                child.destroyForcibly();
            }
        });
    }

    /** The live PostgreSQL server that the data directory's pid file names, if any. */
    static Optional<ProcessHandle> find(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.size() < 2 || !lines.get(0).trim().matches("\\d{1,10}")) {
            return Optional.empty();
        }
        Path named = Path.of(lines.get(1).trim()).toAbsolutePath().normalize();
        if (!named.equals(dataDirectory.toAbsolutePath().normalize())) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info()
                        .command()
                        .map(command -> command.endsWith("/postgres"))
                        .orElse(false));
    }

    private static boolean exited(ProcessHandle process, Duration within) {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
