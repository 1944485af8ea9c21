package dev.streamgate.testing;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * {@code streamgate.test.*} system properties (such as {@value TestBrokers#PROPERTY}) steer the
 * test harness, not the service: tells the service under test that they are not misspelt {@code
 * streamgate.*} settings, which it would refuse. Registered in {@code
 * META-INF/services/io.smallrye.config.SmallRyeConfigBuilderCustomizer}.
 */
public class TestSwitchesConfig implements SmallRyeConfigBuilderCustomizer {

  @Override
  public void configBuilder(SmallRyeConfigBuilder builder) {
    builder.withMappingIgnore("streamgate.test.**");
  }
}
