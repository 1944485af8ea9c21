package dev.streamgate.publish;

import dev.streamgate.config.StreamgateConfig;
import dev.streamgate.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.OutgoingMessageMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends the publish endpoint's records through the Reactive Messaging channel {@value #CHANNEL}
 * (the smallrye-kafka connector: an idempotent {@code acks=all} producer, configured in
 * application.properties). Each request names its topic through {@link
 * OutgoingKafkaRecordMetadata}; the send completes when the broker acknowledged it, and its
 * partition and offset come back through {@link OutgoingMessageMetadata}. No thread waits for
 * Kafka.
 *
 * <p>Overflow policy: the emitter buffers at most {@value #BUFFER} records not yet taken by the
 * connector; a publish that finds the buffer full is answered 503 with Retry-After, never queued
 * without bound.
 */
@ApplicationScoped
public class Publisher {

  private static final Logger LOG = Logger.getLogger(Publisher.class);

  /** The channel the publish endpoint writes to. */
  static final String CHANNEL = "publish";

  /** Records handed to the emitter and not yet taken by the connector, at most. */
  static final int BUFFER = 1024;

  private final MutinyEmitter<byte[]> emitter;
  private final String typeHeader;
  private final Duration timeout;

  public Publisher(
      @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
          MutinyEmitter<byte[]> emitter,
      StreamgateConfig config) {
    this.emitter = emitter;
    this.typeHeader = config.stream().typeHeader();
    this.timeout = config.publish().timeout();
  }

  /** Sends one record; the result is the broker's acknowledgement (partition, offset). */
  Uni<RecordMetadata> send(PublishRequest request) {
    RecordHeaders headers = new RecordHeaders();
    if (request.type() != null) {
      headers.add(typeHeader, request.type().getBytes(StandardCharsets.UTF_8));
    }
    OutgoingMessageMetadata<RecordMetadata> result = new OutgoingMessageMetadata<>();
    OutgoingKafkaRecordMetadata<byte[]> record =
        OutgoingKafkaRecordMetadata.<byte[]>builder()
            .withTopic(request.topic())
            .withKey(request.key())
            .withHeaders(headers)
            .build();
    Message<byte[]> message = Message.of(request.value(), Metadata.of(record, result));
    return Uni.createFrom()
        .deferred(() -> emitter.sendMessage(message))
        .ifNoItem()
        .after(timeout)
        .failWith(() -> new TimeoutException("no acknowledgement within " + timeout))
        .onItemOrFailure()
        .transformToUni(
            (ignored, failure) ->
                failure != null
                    ? Uni.createFrom().failure(problem(failure))
                    : Uni.createFrom().item(result.getResult()));
  }

  private static ProblemException problem(Throwable failure) {
    Throwable error = failure;
    while (error.getCause() != null && !(error instanceof org.apache.kafka.common.KafkaException)) {
      error = error.getCause();
    }
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
      LOG.warnf("Publish failed: %s", failure.toString());
    }
    return new ProblemException(
        503,
        "Kafka unavailable",
        "Kafka did not acknowledge the event; retry shortly",
        Map.of("Retry-After", "5"));
  }
}
