package com.example.shop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the machine's CPU time went between two samples: the nodes, the shared parts, this load client, PostgreSQL,
 * and everything else (other work on a shared machine). From {@code /proc}: the machine's busy time and each process's
 * user and system time, in clock ticks; a process that ended between the samples is counted with the others.
 */
final class CpuUse {

    /**
     * The machine's busy and total ticks, each live process's ticks and name, and each Java process's ticks in its
     * JIT compiler threads.
     */
    record Sample(long busy, long total, Map<Long, Long> ticks, Map<Long, String> names, Map<Long, Long> compiling) {}

    /**
     * CPU seconds (at 100 ticks a second, Linux's USER_HZ) per part, of the nodes' seconds those their JIT compilers
     * took, and how busy the cores were.
     */
    record Use(
            double nodes,
            double nodesCompiling,
            double shared,
            double client,
            double postgres,
            double others,
            double busyShare) {

        /** The share of the nodes' CPU time that went to compiling: near 0 once their JIT has settled. */
        double nodesCompilingShare() {
            return nodes == 0 ? 0 : nodesCompiling / nodes;
        }

        double nodesAndPostgres() {
            return nodes + postgres;
        }

        /** Other work's share of the machine's busy time. */
        double othersShare() {
            double busy = nodes + shared + client + postgres + others;
            return busy == 0 ? 0 : others / busy;
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%.0f%% busy: nodes %.1f s (JIT compiling %.1f s), PostgreSQL %.1f s, load client %.1f s, shared parts "
                            + "%.1f s, other work %.1f s",
                    100 * busyShare,
                    nodes,
                    nodesCompiling,
                    postgres,
                    client,
                    shared,
                    others);
        }
    }

    private static final double TICKS_PER_SECOND = 100;

    private CpuUse() {}

    static Sample sample() {
        long busy = 0;
        long total = 0;
        try {
            String[] cpu =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // user nice system idle iowait irq softirq steal: steal is another guest's, idle and iowait nobody's
            for (int field = 1; field <= 8 && field < cpu.length; field++) {
                long value = Long.parseLong(cpu[field]);
                total += value;
                if (field != 4 && field != 5 && field != 8) {
                    busy += value;
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return new Sample(0, 0, Map.of(), Map.of(), Map.of());
        }
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> compiling = new HashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes
                    .filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(path -> {
                        try {
                            String stat = Files.readString(path.resolve("stat"));
                            // the name is in parentheses and may hold spaces; the fields after it are fixed
                            int close = stat.lastIndexOf(')');
                            String[] fields = stat.substring(close + 2).split(" ");
                            long pid = Long.parseLong(path.getFileName().toString());
                            ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                            String name = stat.substring(stat.indexOf('(') + 1, close);
                            names.put(pid, name);
                            if ("java".equals(name)) {
                                compiling.put(pid, compilerTicks(path));
                            }
                        } catch (IOException | RuntimeException gone) {
                            // the process ended meanwhile
                        }
                    });
        } catch (IOException unreadable) {
            // only the machine's figures
        }
        return new Sample(busy, total, ticks, names, compiling);
    }

    /** The ticks of a JVM's threads named as HotSpot names its JIT compilers ("C1 CompilerThre", "C2 CompilerThre"). */
    private static long compilerTicks(Path process) {
        long compiling = 0;
        try (Stream<Path> threads = Files.list(process.resolve("task"))) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (stat.substring(stat.indexOf('(') + 1, close).contains("CompilerThre")) {
                        String[] fields = stat.substring(close + 2).split(" ");
                        compiling += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | java.io.UncheckedIOException gone) {
            // the process ended meanwhile
        }
        return compiling;
    }

    static Use between(Sample before, Sample after, Set<Long> nodes, Set<Long> shared) {
        long client = ProcessHandle.current().pid();
        double nodeTicks = 0;
        double nodeCompilingTicks = 0;
        double sharedTicks = 0;
        double clientTicks = 0;
        double postgresTicks = 0;
        for (Map.Entry<Long, Long> process : after.ticks().entrySet()) {
            long used = process.getValue() - before.ticks().getOrDefault(process.getKey(), 0L);
            long pid = process.getKey();
            if (nodes.contains(pid)) {
                nodeTicks += used;
                nodeCompilingTicks += after.compiling().getOrDefault(pid, 0L)
                        - before.compiling().getOrDefault(pid, 0L);
            } else if (shared.contains(pid)) {
                sharedTicks += used;
            } else if (pid == client) {
                clientTicks += used;
            } else if ("postgres".equals(after.names().get(pid))) {
                postgresTicks += used;
            }
        }
        double busy = after.busy() - before.busy();
        double others = Math.max(0, busy - nodeTicks - sharedTicks - clientTicks - postgresTicks);
        double total = after.total() - before.total();
        return new Use(
                nodeTicks / TICKS_PER_SECOND,
                nodeCompilingTicks / TICKS_PER_SECOND,
                sharedTicks / TICKS_PER_SECOND,
                clientTicks / TICKS_PER_SECOND,
                postgresTicks / TICKS_PER_SECOND,
                others / TICKS_PER_SECOND,
                total == 0 ? Double.NaN : busy / total);
    }
}
