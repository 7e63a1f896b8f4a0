package com.example.shop.app.cluster;

import com.example.shop.operations.projections.ProgressElsewhere;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The shared processors' progress, announced by each node for its own segments over {@link PostgresChannels}.
 * Message: {@code <sender> <processor>=<segment>:<position>,...;<processor>=...} (names hold no blanks, no {@code =},
 * no {@code ;}). An announcement counts for {@link #FRESH_FOR}: a node that died or gave the segment up stops
 * announcing it, and the stored token is what is known then.
 */
final class PostgresProgress implements ProgressElsewhere {

    static final String CHANNEL = "shop_processor_progress";
    static final Duration FRESH_FOR = Duration.ofSeconds(2);

    private record Heard(long position, Instant at) {}

    private final PostgresChannels channels;
    private final Clock clock;
    private final String self = UUID.randomUUID().toString();
    private final Map<String, Map<Integer, Heard>> heard = new ConcurrentHashMap<>();

    PostgresProgress(PostgresChannels channels, Clock clock) {
        this.channels = channels;
        this.clock = clock;
        channels.subscribe(CHANNEL, this::heard, heard::clear);
    }

    @Override
    public void announce(Map<String, Map<Integer, Long>> positions) {
        if (positions.isEmpty()) {
            return;
        }
        String payload = positions.entrySet().stream()
                .map(processor -> processor.getKey() + "="
                        + processor.getValue().entrySet().stream()
                                .map(segment -> segment.getKey() + ":" + segment.getValue())
                                .collect(Collectors.joining(",")))
                .collect(Collectors.joining(";"));
        channels.send(CHANNEL, self + " " + payload);
    }

    @Override
    public Map<Integer, Long> announced(String processor) {
        Instant oldest = clock.instant().minus(FRESH_FOR);
        Map<Integer, Long> fresh = new HashMap<>();
        heard.getOrDefault(processor, Map.of()).forEach((segment, last) -> {
            if (last.at().isAfter(oldest)) {
                fresh.put(segment, last.position());
            }
        });
        return fresh;
    }

    void heard(String message) {
        int blank = message.indexOf(' ');
        if (blank < 0 || message.substring(0, blank).equals(self)) {
            return;
        }
        Instant now = clock.instant();
        try {
            for (String processor : message.substring(blank + 1).split(";")) {
                int equals = processor.indexOf('=');
                Map<Integer, Heard> segments =
                        heard.computeIfAbsent(processor.substring(0, equals), name -> new ConcurrentHashMap<>());
                for (String segment : processor.substring(equals + 1).split(",")) {
                    int colon = segment.indexOf(':');
                    if (colon > 0) {
                        segments.put(
                                Integer.parseInt(segment.substring(0, colon)),
                                new Heard(Long.parseLong(segment.substring(colon + 1)), now));
                    }
                }
            }
        } catch (RuntimeException malformed) {
            // from a node of another version: its progress is not known here, the stored tokens still are
        }
    }
}
