package dev.streamgate.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The bench payload written with Apache Avro in the Confluent wire format (the {@code decoded}
 * scenario): the record {@link #SCHEMA} with the payload's fields in the payload's order, so that
 * Streamgate's Avro-to-JSON mapping gives back exactly the JSON payload ({@code
 * {"p":0,"s":5,"t":…,"x":"xx…"}}): the clients check and time the same bytes as in the JSON run.
 * Framing: the magic byte 0, the schema id (4 bytes, big-endian), the Avro binary datum.
 *
 * <p>One writer and encoder per thread (the producer has one thread per partition).
 */
final class AvroPayload {

  static final String SCHEMA_TEXT =
      "{\"type\":\"record\",\"name\":\"BenchEvent\",\"namespace\":\"dev.streamgate.bench\",\"fields\":["
          + "{\"name\":\"p\",\"type\":\"int\"},{\"name\":\"s\",\"type\":\"long\"},"
          + "{\"name\":\"t\",\"type\":\"long\"},{\"name\":\"x\",\"type\":\"string\"}]}";

  static final Schema SCHEMA = new Schema.Parser().parse(SCHEMA_TEXT);

  private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

  private AvroPayload() {}

  /** The JSON payload {@code json} as a framed Avro datum of schema id {@code id}. */
  static byte[] framed(int id, byte[] json) {
    Payload.Fields fields = new Payload.Fields();
    if (!Payload.parse(json, json.length, fields) || !fields.hasT) {
      throw new IllegalArgumentException("not a bench payload");
    }
    GenericRecord event = new GenericData.Record(SCHEMA);
    event.put("p", fields.p);
    event.put("s", fields.s);
    event.put("t", fields.t);
    event.put("x", padding(json));
    byte[] datum = WRITERS.get().write(event);
    return ByteBuffer.allocate(5 + datum.length).put((byte) 0).putInt(id).put(datum).array();
  }

  /** The payload's "x" string: its padding. */
  private static String padding(byte[] json) {
    String text = new String(json, java.nio.charset.StandardCharsets.US_ASCII);
    int from = text.indexOf("\"x\":\"") + 5;
    return text.substring(from, text.indexOf('"', from));
  }

  private static final class Writer {
    private final GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(SCHEMA);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;

    byte[] write(GenericRecord event) {
      out.reset();
      encoder = EncoderFactory.get().binaryEncoder(out, encoder);
      try {
        writer.write(event, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }
  }
}
