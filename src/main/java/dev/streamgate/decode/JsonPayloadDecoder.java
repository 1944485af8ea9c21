package dev.streamgate.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * A JSON Schema value's decoder: the payload is already JSON. It is checked to be exactly one JSON
 * value (nothing after it, nesting within {@code max-depth}) and written back compact, so the value
 * is one line whatever whitespace the producer used; numbers keep their exact text. The value is
 * NOT validated against the schema: the registry's schema only names what the producer promised.
 *
 * <p>Stateless; any thread.
 */
final class JsonPayloadDecoder implements SchemaDecoder {

  private final DecodeLimits limits;
  private final JsonFactory json;

  JsonPayloadDecoder(DecodeLimits limits) {
    this.limits = limits;
    this.json =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxDepth())
                    .maxStringLength(limits.maxValueBytes())
                    .maxNumberLength(10_000)
                    .build())
            .build();
  }

  @Override
  public SchemaType type() {
    return SchemaType.JSON;
  }

  @Override
  public byte[] toJson(byte[] bytes, int from, int[] messageIndexes) {
    BoundedOutput out = new BoundedOutput(limits.maxJsonBytes());
    try (JsonParser parser = json.createParser(bytes, from, bytes.length - from);
        JsonGenerator generator = json.createGenerator(out)) {
      if (parser.nextToken() == null) {
        throw mismatch("The payload holds no JSON value");
      }
      copy(parser, generator);
      if (parser.nextToken() != null) {
        throw mismatch("The payload holds more than one JSON value");
      }
    } catch (BoundedOutput.Full e) {
      throw new DecodeException(
          DecodeReason.TOO_LARGE,
          DecodeException.NO_SCHEMA_ID,
          "The value's JSON is above " + limits.maxJsonBytes() + " bytes");
    } catch (DecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      boolean deep = String.valueOf(e.getMessage()).contains("nesting depth");
      throw deep
          ? new DecodeException(
              DecodeReason.TOO_DEEP,
              DecodeException.NO_SCHEMA_ID,
              "The value nests more than " + limits.maxDepth() + " levels deep")
          : mismatch("The payload is not JSON");
    }
    return out.toByteArray();
  }

  /** Copies the value at the parser's current token, numbers as their exact text. */
  private static void copy(JsonParser parser, JsonGenerator generator) throws IOException {
    int depth = 0;
    JsonToken token = parser.currentToken();
    while (true) {
      switch (token) {
        case START_OBJECT -> {
          generator.writeStartObject();
          depth++;
        }
        case START_ARRAY -> {
          generator.writeStartArray();
          depth++;
        }
        case END_OBJECT -> {
          generator.writeEndObject();
          depth--;
        }
        case END_ARRAY -> {
          generator.writeEndArray();
          depth--;
        }
        case FIELD_NAME -> generator.writeFieldName(parser.currentName());
        case VALUE_STRING ->
            generator.writeString(
                parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
        case VALUE_TRUE -> generator.writeBoolean(true);
        case VALUE_FALSE -> generator.writeBoolean(false);
        case VALUE_NULL -> generator.writeNull();
        default -> throw mismatch("Unexpected JSON token " + token);
      }
      if (depth == 0) {
        return;
      }
      token = parser.nextToken();
      if (token == null) {
        throw mismatch("The JSON value ends early");
      }
    }
  }

  private static DecodeException mismatch(String message) {
    return new DecodeException(
        DecodeReason.PAYLOAD_MISMATCH, DecodeException.NO_SCHEMA_ID, message);
  }
}
