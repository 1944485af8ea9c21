package dev.streamgate.select;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Kafka records for the selection tests. */
final class Records {

  private Records() {}

  static ConsumerRecord<byte[], byte[]> record(String key, String value) {
    return record(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), null);
  }

  static ConsumerRecord<byte[], byte[]> record(String key, byte[] value, String type) {
    RecordHeaders headers = new RecordHeaders();
    if (type != null) {
      headers.add("ce_type", type.getBytes(StandardCharsets.UTF_8));
    }
    return new ConsumerRecord<>(
        "t",
        1,
        42,
        1_767_225_600_000L,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value,
        headers,
        Optional.empty());
  }

  static RecordVariables variables(String key, String value) {
    return new RecordVariables(record(key, value), null);
  }
}
