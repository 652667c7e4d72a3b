package io.custos.server.retrieve;

import io.custos.query.wado.ReadRecorder;
import io.custos.query.wado.WadoRead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReadRecorder} used when no access trail is configured (the server always configures one): logs resource, level, outcome, counts and
 * the caller's tenant and subject — never UIDs or anything from the data. Successful reads are logged at
 * DEBUG (a viewer fetches thousands of frames), failures at INFO.
 */
final class LoggingReadRecorder implements ReadRecorder {

    private static final Logger log = LoggerFactory.getLogger(LoggingReadRecorder.class);

    @Override
    public Disclosure disclosing(WadoRead planned) {
        return this::log;
    }

    @Override
    public void endedWithoutData(WadoRead ended) {
        log(ended);
    }

    private void log(WadoRead read) {
        if (read.outcome() == WadoRead.ReadOutcome.SUCCESS && !log.isDebugEnabled()) {
            return;
        }
        String line = "WADO-RS {} {} {}: {} instance(s), {} frame(s), {} bytes, tenant {}, subject {}";
        Object[] args = {read.resource(), read.level(), read.outcome(), read.instances(), read.frames(), read.bytes(),
                read.reader().tenant().value(), read.reader().subject()};
        if (read.outcome() == WadoRead.ReadOutcome.SUCCESS) {
            log.debug(line, args);
        } else {
            log.info(line, args);
        }
    }
}
