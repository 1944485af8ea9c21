package dev.streamgate.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link ConfluentApiRegistryServer} field of a {@code @QuarkusTest} that {@link
 * StandInRegistryResource} fills with the test JVM's stand-in schema registry.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectRegistry {}
