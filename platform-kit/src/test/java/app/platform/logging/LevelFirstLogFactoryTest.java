package app.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LevelFirstLogFactoryTest {

    @Test
    void commonsLoggingDiscoversIt() {
        assertThat(LogFactory.getFactory()).isInstanceOf(LevelFirstLogFactory.class);
        assertThat(LogFactory.getLog(getClass())).isInstanceOf(LevelFirstLogFactory.LevelFirstLog.class);
    }

    @Test
    void aMessageBecomesTextOnlyAtAnEnabledLevelAndNamesItsCaller() {
        ch.qos.logback.classic.Logger logback = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("level-first");
        logback.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                event.getCallerData(); // taken from the stack at the call, as a pattern's %caller would
                super.append(event);
            }
        };
        appender.start();
        logback.addAppender(appender);
        AtomicInteger formatted = new AtomicInteger();
        Object message = new Object() {
            @Override
            public String toString() {
                formatted.incrementAndGet();
                return "text";
            }
        };
        Log log = LogFactory.getLog("level-first");

        log.trace(message);
        log.debug(message, new RuntimeException("dropped"));
        assertThat(log.isDebugEnabled()).isFalse();
        assertThat(formatted).hasValue(0);
        assertThat(appender.list).isEmpty();

        log.info(message);
        log.warn(message, new IllegalStateException("kept"));
        log.fatal(message);
        assertThat(log.isInfoEnabled()).isTrue();
        assertThat(formatted).hasValue(3);
        assertThat(appender.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(tuple(Level.INFO, "text"), tuple(Level.WARN, "text"), tuple(Level.ERROR, "text"));
        assertThat(appender.list.get(1).getThrowableProxy().getMessage()).isEqualTo("kept");
        assertThat(appender.list.get(0).getCallerData()[0].getClassName()).isEqualTo(getClass().getName());
    }
}
