package io.breedline.cli.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a local run's logs into a file, so the terminal shows what {@code label} prints (progress, the table, the
 * summary) and errors only: the services' INFO lines (broker, sink, worker, partitions) are for an operator reading a
 * service's log, not for someone labeling a folder. Closing puts the earlier appenders back.
 *
 * <p>Written against logback's API because the shipped {@code logback.xml} configures the services, which log to
 * standard error, and only {@code label} knows its output folder at run time.
 */
final class LogFile implements AutoCloseable {
    static final String NAME = "label.log";

    private final ch.qos.logback.classic.Logger root;
    private final List<Appender<ILoggingEvent>> before = new ArrayList<>();
    private final FileAppender<ILoggingEvent> file;
    private final ErrorsOnly console;

    private LogFile(Path path) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            before.add(it.next());
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n");
        encoder.start();
        file = new FileAppender<>();
        file.setContext(context);
        file.setName("label-file");
        file.setFile(path.toString());
        file.setAppend(false);
        file.setEncoder(encoder);
        file.start();
        console = new ErrorsOnly(before);
        console.setContext(context);
        console.start();
        before.forEach(root::detachAppender); // detached, not stopped: they serve errors and come back after
        root.addAppender(file);
        root.addAppender(console);
    }

    /** From now on, log lines go to {@code path} (overwritten), and errors to the earlier appenders as well. */
    static LogFile open(Path path) {
        return new LogFile(path);
    }

    @Override
    public void close() {
        root.detachAppender(file);
        root.detachAppender(console);
        file.stop();
        console.stop();
        before.forEach(root::addAppender);
    }

    /** Hands ERROR events on to the appenders the configuration gave (standard error): what went wrong still shows. */
    private static final class ErrorsOnly extends AppenderBase<ILoggingEvent> {
        private final List<Appender<ILoggingEvent>> targets;

        ErrorsOnly(List<Appender<ILoggingEvent>> targets) {
            this.targets = List.copyOf(targets);
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                targets.forEach(t -> t.doAppend(event));
            }
        }
    }
}
