package dev.streamgate.publish;

import dev.streamgate.config.StreamgateConfig;
import dev.streamgate.kafka.KafkaClients;
import dev.streamgate.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * The pod's one producer for the publish endpoint. {@link #send} hands the record to Kafka's own
 * I/O thread and completes when the broker acknowledged it: no thread waits for Kafka.
 */
@ApplicationScoped
public class Publisher {

  private static final Logger LOG = Logger.getLogger(Publisher.class);

  /** Room for the key, headers and batch overhead above the value cap. */
  private static final int OVERHEAD_BYTES = 64 * 1024;

  private final Producer<byte[], byte[]> producer;
  private final String typeHeader;

  public Publisher(KafkaClients clients, StreamgateConfig config) {
    StreamgateConfig.Publish publish = config.publish();
    int maxRequest = publish.maxValueBytes() + publish.maxKeyBytes() + OVERHEAD_BYTES;
    this.producer =
        new KafkaProducer<>(
            clients.producerProperties(maxRequest, (int) publish.timeout().toMillis()));
    this.typeHeader = config.stream().typeHeader();
  }

  /**
   * Sends one record. Kafka's {@code send} may wait for the topic's metadata (bounded by the
   * publish timeout), so subscribe on a worker thread; the acknowledgement arrives on Kafka's I/O
   * thread.
   */
  Uni<RecordMetadata> send(PublishRequest request) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(request.topic(), null, request.key(), request.value());
    if (request.type() != null) {
      record.headers().add(typeHeader, request.type().getBytes(StandardCharsets.UTF_8));
    }
    return Uni.createFrom()
        .<RecordMetadata>emitter(
            emitter -> {
              try {
                producer.send(
                    record,
                    (metadata, error) -> {
                      if (error != null) {
                        emitter.fail(problem(error));
                      } else {
                        emitter.complete(metadata);
                      }
                    });
              } catch (KafkaException e) {
                emitter.fail(problem(e));
              }
            });
  }

  private static ProblemException problem(Exception error) {
    if (error instanceof RecordTooLargeException) {
      return new ProblemException(
          413, "Value too large", "Kafka refused the record as too large", Map.of());
    }
    if (error instanceof UnknownTopicOrPartitionException) {
      return new ProblemException(404, "Unknown topic", "The topic does not exist", Map.of());
    }
    if (error instanceof TimeoutException) {
      LOG.warnf("Publish timed out: %s", error.getMessage());
    } else {
      LOG.warnf("Publish failed: %s", error.toString());
    }
    return new ProblemException(
        503,
        "Kafka unavailable",
        "Kafka did not acknowledge the event; retry shortly",
        Map.of("Retry-After", "5"));
  }

  @PreDestroy
  void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
