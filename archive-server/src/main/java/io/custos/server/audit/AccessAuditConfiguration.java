package io.custos.server.audit;

import io.custos.archive.access.api.AccessDeniedEvent;
import io.custos.server.security.AccessDenialRecorder;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Turns every refused HTTP request into an immutable {@link AccessDeniedEvent} in the event store. */
@Configuration(proxyBeanMethods = false)
class AccessAuditConfiguration {

    @Bean
    AccessDenialRecorder accessDenialRecorder(EventGateway events) {
        return denial -> events.publish(new AccessDeniedEvent(denial.subject(), denial.tenant(), denial.role(),
                denial.sourceAddress(), denial.method(), denial.path(), denial.status(), denial.reason()));
    }
}
