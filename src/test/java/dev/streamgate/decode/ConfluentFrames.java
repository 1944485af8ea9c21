package dev.streamgate.decode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Frames payloads exactly as Confluent's serializers do (they are not on Maven Central, so their
 * steps are repeated here with the same primitives): {@code AbstractKafkaSchemaSerDe} writes the
 * magic byte 0 and the id as a big-endian int; {@code MessageIndexes.toByteArray} writes Protobuf's
 * indexes with Kafka's {@code ByteUtils.writeVarint} (zig-zag), {@code [0]} as the single varint 0.
 * Avro payloads are written with Avro's own {@code GenericDatumWriter}.
 */
public final class ConfluentFrames {

  private ConfluentFrames() {}

  /** Magic, id, payload (Avro and JSON Schema). */
  public static byte[] framed(int id, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(id).put(payload).array();
  }

  /** Magic, id, message indexes, payload (Protobuf). */
  public static byte[] protobuf(int id, List<Integer> indexes, byte[] payload) {
    byte[] path = indexes(indexes);
    return ByteBuffer.allocate(5 + path.length + payload.length)
        .put((byte) 0)
        .putInt(id)
        .put(path)
        .put(payload)
        .array();
  }

  /** Confluent's {@code MessageIndexes.toByteArray}. */
  public static byte[] indexes(List<Integer> indexes) {
    if (indexes.size() == 1 && indexes.get(0) == 0) {
      ByteBuffer buffer = ByteBuffer.allocate(ByteUtils.sizeOfVarint(0));
      ByteUtils.writeVarint(0, buffer);
      return buffer.array();
    }
    int size = ByteUtils.sizeOfVarint(indexes.size());
    for (int index : indexes) {
      size += ByteUtils.sizeOfVarint(index);
    }
    ByteBuffer buffer = ByteBuffer.allocate(size);
    ByteUtils.writeVarint(indexes.size(), buffer);
    for (int index : indexes) {
      ByteUtils.writeVarint(index, buffer);
    }
    return buffer.array();
  }

  /** A datum in Avro's binary encoding, written by Avro. */
  public static byte[] avro(Schema schema, Object datum) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new GenericDatumWriter<>(schema).write(datum, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
