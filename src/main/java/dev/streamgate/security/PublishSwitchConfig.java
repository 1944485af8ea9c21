package dev.streamgate.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Whether the publish endpoint is a door open on this pod. The publish feature owns the prefix
 * ({@code dev.streamgate.publish.PublishConfig}); its switch is declared here because {@link
 * SecureDefaults} says at start when publishing is on without JWT, and {@code publish} imports
 * {@code security}, not the other way round. The endpoint reads it from here too.
 */
@ConfigMapping(prefix = "streamgate.publish")
public interface PublishSwitchConfig {

  /**
   * Whether {@code POST /topics/{topic}/events} is served at all. Off by default: writing to Kafka
   * over HTTP is a door to open on purpose (the demo and the dev overlay do); on without JWT,
   * anyone who reaches the pod may publish to every allowed topic, and the pod warns at start.
   */
  @WithDefault("false")
  boolean enabled();
}
