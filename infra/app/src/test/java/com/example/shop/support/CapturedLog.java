package com.example.shop.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What one logger writes while a test provokes it on purpose: kept off the console, where it would read as a
 * failure of the run, and handed to the test, which asserts that the alarm was raised.
 */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final boolean wasAdditive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        wasAdditive = logger.isAdditive();
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
    }

    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    /** Every line of every logger, which the console goes on showing (the root logger has no parent to spare). */
    public static CapturedLog everything() {
        return new CapturedLog(Logger.ROOT_LOGGER_NAME);
    }

    /** The lines logged so far. */
    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    /** The formatted messages logged at this level so far. */
    public List<String> messages(Level level) {
        synchronized (appender.list) {
            return appender.list.stream()
                    .filter(event -> event.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    @Override
    public void close() {
        logger.setAdditive(wasAdditive);
        logger.detachAppender(appender);
        appender.stop();
    }
}
