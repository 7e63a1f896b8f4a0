package com.example.shop.app.health;

import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Boot's Mongo health check sends {@code hello}, which the in-process wire server does not know; {@code ping}
 * is answered by every MongoDB and by the embedded server alike. Same bean name, so Boot's one steps aside.
 */
@Configuration(proxyBeanMethods = false)
public class MongoHealthConfiguration {

    @Bean
    public HealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
        return new AbstractHealthIndicator("MongoDB health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                Document answer = mongo.executeCommand(new Document("ping", 1));
                builder.status(answer.get("ok", Number.class).intValue() == 1 ? "UP" : "DOWN")
                        .withDetail("database", mongo.getDb().getName());
            }
        };
    }
}
