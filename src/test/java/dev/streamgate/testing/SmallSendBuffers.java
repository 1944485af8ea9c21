package dev.streamgate.testing;

import io.quarkus.arc.Unremovable;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Gives the service's connections a fixed, small kernel send buffer when a test profile sets
 * {@value #PROPERTY} (bytes): on loopback the kernel otherwise grows a connection's send buffer to
 * megabytes, and a client that stops reading fills that before a single write waits in the service.
 * Nothing changes without the switch.
 */
@ApplicationScoped
@Unremovable // looked up by Quarkus' HTTP server, never injected
public class SmallSendBuffers implements HttpServerOptionsCustomizer {

  /** The switch: a test profile's setting, in bytes. */
  public static final String PROPERTY = "streamgate.test.http-send-buffer";

  @Override
  public void customizeHttpServer(HttpServerOptions options) {
    int bytes = ConfigProvider.getConfig().getOptionalValue(PROPERTY, Integer.class).orElse(0);
    if (bytes > 0) {
      options.setSendBufferSize(bytes);
    }
  }
}
