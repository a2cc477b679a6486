package dev.opsbook.metrics;

import dev.opsbook.engine.Engine;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Feeds the server's audit appends into {@link AuditMetrics} (exported at {@code /actuator/prometheus}). */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {
    @Bean
    AuditMetrics auditMetrics(MeterRegistry registry, Engine engine) {
        AuditMetrics metrics = new AuditMetrics(registry);
        engine.audit().observe(metrics::on);
        return metrics;
    }
}
