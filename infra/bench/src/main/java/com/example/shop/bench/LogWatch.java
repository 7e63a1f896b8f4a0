package com.example.shop.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/** Counts what the service logs as errors during the run, and connection-pool exhaustion in particular. */
final class LogWatch extends AppenderBase<ILoggingEvent> {

    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger poolExhausted = new AtomicInteger();
    volatile String firstError;

    static LogWatch install() {
        LogWatch watch = new LogWatch();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        watch.setContext(context);
        watch.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(watch);
        return watch;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String text = event.getFormattedMessage()
                + (event.getThrowableProxy() == null
                        ? ""
                        : " " + event.getThrowableProxy().getClassName() + ": "
                                + event.getThrowableProxy().getMessage());
        if (text.contains("Connection is not available") || text.contains("SQLTransientConnectionException")) {
            poolExhausted.incrementAndGet();
        }
        if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
            errors.incrementAndGet();
            if (firstError == null) {
                firstError = event.getLoggerName() + ": " + text;
            }
        }
    }
}
