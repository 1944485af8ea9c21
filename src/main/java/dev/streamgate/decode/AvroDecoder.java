package dev.streamgate.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * An Avro schema's decoder: reads the datum with the writer's schema (Avro's generic reader, one
 * per thread, reused), then writes it as JSON in the mapping of docs/api.md ({@link
 * AvroJsonWriter}). The payload must be exactly one datum: bytes left over are a payload mismatch
 * (they mean the record was not written with this schema).
 *
 * <p>Threads: any; each thread reads with its own {@link BoundedDatumReader}.
 */
final class AvroDecoder implements SchemaDecoder {

  private static final JsonFactory JSON = new JsonFactory();

  private final Schema schema;
  private final DecodeLimits limits;
  private final ThreadLocal<BoundedDatumReader> readers;

  AvroDecoder(Schema schema, DecodeLimits limits) {
    this.schema = schema;
    this.limits = limits;
    this.readers = ThreadLocal.withInitial(() -> new BoundedDatumReader(schema, limits));
  }

  Schema schema() {
    return schema;
  }

  @Override
  public SchemaType type() {
    return SchemaType.AVRO;
  }

  @Override
  public byte[] toJson(byte[] bytes, int from, int[] messageIndexes) {
    Object datum = read(bytes, from);
    BoundedOutput out = new BoundedOutput(limits.maxJsonBytes());
    try (JsonGenerator json = JSON.createGenerator(out)) {
      AvroJsonWriter.write(json, datum, schema);
    } catch (BoundedOutput.Full e) {
      throw tooLarge();
    } catch (IOException | RuntimeException e) {
      throw mismatch(e);
    }
    return out.toByteArray();
  }

  private Object read(byte[] bytes, int from) {
    BoundedDatumReader reader = readers.get();
    reader.reset();
    BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, from, bytes.length - from, null);
    try {
      Object datum = reader.read(null, in);
      if (!in.isEnd()) {
        throw new DecodeException(
            DecodeReason.PAYLOAD_MISMATCH,
            DecodeException.NO_SCHEMA_ID,
            "Bytes left over after the Avro datum");
      }
      return datum;
    } catch (BoundedDatumReader.TooDeep e) {
      throw new DecodeException(
          DecodeReason.TOO_DEEP,
          DecodeException.NO_SCHEMA_ID,
          "The value nests more than " + limits.maxDepth() + " levels deep");
    } catch (BoundedDatumReader.TooMany e) {
      throw tooLarge();
    } catch (DecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw mismatch(e);
    }
  }

  private DecodeException tooLarge() {
    return new DecodeException(
        DecodeReason.TOO_LARGE,
        DecodeException.NO_SCHEMA_ID,
        "The value's JSON is above " + limits.maxJsonBytes() + " bytes");
  }

  private static DecodeException mismatch(Exception e) {
    return new DecodeException(
        DecodeReason.PAYLOAD_MISMATCH,
        DecodeException.NO_SCHEMA_ID,
        "The payload does not match its Avro schema ("
            + e.getClass().getSimpleName()
            + ": "
            + Printable.of(e.getMessage(), 160)
            + ")");
  }
}
