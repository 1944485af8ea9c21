package dev.streamgate.publish;

import dev.streamgate.kafka.TypeHeaderConfig;
import dev.streamgate.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.OutgoingMessageMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends the publish endpoint's records through the {@value #CHANNEL} channel: one Kafka producer
 * per pod (configured by {@link PublishChannelSettings}), the topic chosen per record through
 * {@link OutgoingKafkaRecordMetadata}. {@link #send} completes when the broker acknowledged the
 * record, with where it landed; no thread waits for Kafka.
 *
 * <p>Overflow policy: the emitter buffers at most {@code mp.messaging.emitter.default-buffer-size}
 * records beyond the {@code max-inflight-messages} the connector has asked for. A send that finds
 * the buffer full is refused at once with a 503 problem and {@code Retry-After}; it never waits and
 * never grows the heap.
 */
@ApplicationScoped
public class Publisher {

  private static final Logger LOG = Logger.getLogger(Publisher.class);

  /** The channel name, as configured under {@code mp.messaging.outgoing.publish.*}. */
  static final String CHANNEL = "publish";

  private final MutinyEmitter<byte[]> channel;
  private final String typeHeader;

  Publisher(
      @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.BUFFER) MutinyEmitter<byte[]> channel,
      TypeHeaderConfig typeHeader) {
    this.channel = channel;
    this.typeHeader = typeHeader.typeHeader();
  }

  /**
   * Sends one record; the item is its position in Kafka. Fails with a {@link ProblemException}: 503
   * when the buffer is full or Kafka did not acknowledge, 404 or 413 when Kafka refused it.
   */
  Uni<RecordMetadata> send(PublishRequest request) {
    OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<byte[]> record =
        OutgoingKafkaRecordMetadata.<byte[]>builder()
            .withTopic(request.topic())
            .withKey(request.key());
    if (request.type() != null) {
      record.addHeaders(
          new RecordHeader(typeHeader, request.type().getBytes(StandardCharsets.UTF_8)));
    }
    // The connector puts the broker's answer here before it acknowledges the message.
    OutgoingMessageMetadata<RecordMetadata> result = new OutgoingMessageMetadata<>();
    Message<byte[]> message = Message.of(request.value(), Metadata.of(record.build(), result));
    return Uni.createFrom()
        .deferred(() -> channel.sendMessage(message))
        .onItem()
        .transform(ignored -> result.getResult())
        .onFailure()
        .transform(Publisher::problem);
  }

  private static ProblemException problem(Throwable error) {
    if (error instanceof IllegalStateException) {
      // The emitter refuses synchronously when its bounded buffer is full (or the channel is gone).
      LOG.debugf("Publish refused by the channel: %s", error.getMessage());
      return new ProblemException(
          503,
          "Too many publishes",
          "This instance has too many events waiting for Kafka; retry shortly",
          Map.of("Retry-After", "1"));
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
      LOG.warnf("Publish failed: %s", error.toString());
    }
    return new ProblemException(
        503,
        "Kafka unavailable",
        "Kafka did not acknowledge the event; retry shortly",
        Map.of("Retry-After", "5"));
  }
}
