package dev.streamgate.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** The demo price feed that the run command starts; off in production: demo feed settings. */
@ConfigMapping(prefix = "streamgate.demo")
public interface DemoConfig {

  /** Whether this instance produces the demo price feed. */
  @WithDefault("false")
  boolean enabled();

  /** Topic the demo feed writes to; created with {@link #partitions()} partitions if absent. */
  @WithDefault("demo.prices")
  String topic();

  /** Partition count of the demo topic when the feed creates it. */
  @WithDefault("6")
  int partitions();

  /** Events per second the feed writes, across all symbols. */
  @WithDefault("20")
  int rate();

  /** Ticker symbols the feed quotes; each is a record key, so each stays on one partition. */
  @WithDefault("ACME,GLOBEX,INITECH,UMBRELLA,HOOLI,STARK,WAYNE,WONKA")
  List<String> symbols();
}
