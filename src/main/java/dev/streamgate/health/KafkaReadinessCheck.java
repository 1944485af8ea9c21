package dev.streamgate.health;

import dev.streamgate.kafka.KafkaConfig;
import dev.streamgate.kafka.TopicCatalog;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness includes Kafka: a pod that cannot reach Kafka cannot open new streams, so the load
 * balancer should send clients elsewhere (its open streams stay up and keep their heartbeats).
 * Unlike the Kafka client extension's check, which waits on the admin client without a limit, this
 * one answers within {@code streamgate.kafka.health-timeout} and holds no thread while it waits.
 * Liveness never includes Kafka: restarting a pod does not bring Kafka back.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements AsyncHealthCheck {

  static final String NAME = "kafka";

  private final TopicCatalog catalog;
  private final Duration timeout;

  public KafkaReadinessCheck(TopicCatalog catalog, KafkaConfig kafka) {
    this.catalog = catalog;
    this.timeout = kafka.healthTimeout();
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return Uni.createFrom()
        .completionStage(() -> catalog.brokers(timeout))
        .ifNoItem()
        .after(timeout.plusMillis(250))
        .failWith(() -> new IllegalStateException("no answer within " + timeout))
        .map(
            nodes -> HealthCheckResponse.named(NAME).up().withData("brokers", nodes.size()).build())
        .onFailure()
        .recoverWithItem(
            failure ->
                HealthCheckResponse.named(NAME)
                    .down()
                    .withData("reason", "Kafka unreachable: " + failure.getClass().getSimpleName())
                    .build());
  }
}
