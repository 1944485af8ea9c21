package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

/** The Avro side of the decoded scenario: the payload's fields, in the Confluent framing. */
class AvroPayloadTest {

  @Test
  void thePayloadIsFramedAvroWithTheSameFieldsInTheSameOrder() throws Exception {
    byte[] json = Payload.build(2, 41, 123_456_789L, 128);
    byte[] framed = AvroPayload.framed(7, json);
    ByteBuffer header = ByteBuffer.wrap(framed, 0, 5);
    assertEquals(0, header.get());
    assertEquals(7, header.getInt());
    GenericRecord event =
        new GenericDatumReader<GenericRecord>(AvroPayload.SCHEMA)
            .read(null, DecoderFactory.get().binaryDecoder(framed, 5, framed.length - 5, null));
    assertEquals(2, event.get("p"));
    assertEquals(41L, event.get("s"));
    assertEquals(123_456_789L, event.get("t"));
    // Avro to JSON field by field in schema order gives the payload back, byte for byte
    String back =
        "{\"p\":" + event.get("p") + ",\"s\":" + event.get("s") + ",\"t\":" + event.get("t")
            + ",\"x\":\"" + event.get("x") + "\"}";
    assertEquals(new String(json, StandardCharsets.US_ASCII), back);
    assertEquals(AvroPayload.SCHEMA.getFields().size(), 4);
  }
}
