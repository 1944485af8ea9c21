package dev.streamgate.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link KafkaTestSupport} field of a {@code @QuarkusTest} that {@link KafkaBrokerResource}
 * fills with its connection to the tests' broker: one admin client and one producer for the whole
 * test JVM, so no test class sets up or tears down its own.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectKafka {}
