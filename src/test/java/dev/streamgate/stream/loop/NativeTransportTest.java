package dev.streamgate.stream.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.testing.KafkaBrokerResource;
import io.netty.channel.epoll.Epoll;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The pod's event loops run on Netty's native epoll transport (every other stream test then runs
 * its sockets over it), not silently on NIO because the native library failed to load.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class NativeTransportTest {

  @Inject Vertx vertx;

  @Test
  void theEventLoopsUseNativeEpoll() {
    assertThat(Epoll.unavailabilityCause()).isNull();
    assertThat(vertx.isNativeTransportEnabled()).isTrue();
  }
}
