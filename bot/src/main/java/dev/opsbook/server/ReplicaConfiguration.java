package dev.opsbook.server;

import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.engine.Engine;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Several replicas on one database: the duties each replica runs for the others (docs/replicas.md). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicaProperties.class)
public class ReplicaConfiguration {

    @Bean(destroyMethod = "close")
    ReplicaDuties replicaDuties(Engine engine, EngineRunbookOperations operations, ReplicaProperties settings) {
        return new ReplicaDuties(engine, operations, new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("opsbook-replica").daemon(true).factory()), settings);
    }
}
