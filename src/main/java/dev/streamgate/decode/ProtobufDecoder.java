package dev.streamgate.decode;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A Protobuf schema's decoder: picks the message type by the framing's message indexes, parses the
 * payload as a {@code DynamicMessage} (nesting bounded by {@code max-depth}), and prints it with
 * protobuf-java's proto3 JSON mapping, field names as written in the .proto ({@code
 * preservingProtoFieldNames}), compact. {@code Any} values print when their type is in the schema's
 * files (the type registry holds them).
 *
 * <p>Immutable; any thread (descriptors and the printer are immutable).
 */
final class ProtobufDecoder implements SchemaDecoder {

  private final FileDescriptor file;
  private final DecodeLimits limits;
  private final JsonFormat.Printer printer;

  ProtobufDecoder(FileDescriptor file, DecodeLimits limits) {
    this.file = file;
    this.limits = limits;
    JsonFormat.TypeRegistry.Builder types = JsonFormat.TypeRegistry.newBuilder();
    file.getMessageTypes().forEach(types::add);
    this.printer =
        JsonFormat.printer()
            .usingTypeRegistry(types.build())
            .preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
  }

  FileDescriptor file() {
    return file;
  }

  @Override
  public SchemaType type() {
    return SchemaType.PROTOBUF;
  }

  @Override
  public byte[] toJson(byte[] bytes, int from, int[] messageIndexes) {
    Descriptor type = message(messageIndexes);
    DynamicMessage message;
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes, from, bytes.length - from);
      in.setRecursionLimit(limits.maxDepth());
      message = DynamicMessage.parseFrom(type, in);
    } catch (IOException | RuntimeException e) {
      boolean deep =
          e instanceof InvalidProtocolBufferException
              && String.valueOf(e.getMessage()).contains("levels of nesting");
      throw new DecodeException(
          deep ? DecodeReason.TOO_DEEP : DecodeReason.PAYLOAD_MISMATCH,
          DecodeException.NO_SCHEMA_ID,
          deep
              ? "The message nests more than " + limits.maxDepth() + " levels deep"
              : "The payload does not parse as " + type.getFullName());
    }
    BoundedOutput out = new BoundedOutput(limits.maxJsonBytes());
    try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      printer.appendTo(message, writer);
    } catch (BoundedOutput.Full e) {
      throw new DecodeException(
          DecodeReason.TOO_LARGE,
          DecodeException.NO_SCHEMA_ID,
          "The value's JSON is above " + limits.maxJsonBytes() + " bytes");
    } catch (IOException | RuntimeException e) {
      throw new DecodeException(
          DecodeReason.PAYLOAD_MISMATCH,
          DecodeException.NO_SCHEMA_ID,
          "The message does not print as JSON: " + Printable.of(e.getMessage(), 160));
    }
    return out.toByteArray();
  }

  /** The message type at that path of written messages (map entries are not counted). */
  Descriptor message(int[] indexes) {
    List<Descriptor> level = file.getMessageTypes();
    Descriptor found = null;
    for (int index : indexes) {
      found = written(level, index);
      if (found == null) {
        throw new DecodeException(
            DecodeReason.PAYLOAD_MISMATCH,
            DecodeException.NO_SCHEMA_ID,
            "The message indexes name no message of the schema");
      }
      level = found.getNestedTypes();
    }
    if (found == null) {
      throw new DecodeException(
          DecodeReason.BAD_FRAMING, DecodeException.NO_SCHEMA_ID, "No message index");
    }
    return found;
  }

  private static Descriptor written(List<Descriptor> level, int index) {
    int seen = 0;
    for (Descriptor descriptor : level) {
      if (descriptor.getOptions().getMapEntry()) {
        continue;
      }
      if (seen++ == index) {
        return descriptor;
      }
    }
    return null;
  }

  /**
   * The message-index path of a message by its full name ({@code "orders.Order.Line"}), for bare
   * (unframed) topics configured with {@code message}; null when the file has no such message.
   */
  int[] indexesOf(String fullName) {
    return search(file.getMessageTypes(), fullName, new int[0]);
  }

  private static int[] search(List<Descriptor> level, String fullName, int[] path) {
    int seen = 0;
    for (Descriptor descriptor : level) {
      if (descriptor.getOptions().getMapEntry()) {
        continue;
      }
      int[] here = Arrays.copyOf(path, path.length + 1);
      here[path.length] = seen++;
      if (descriptor.getFullName().equals(fullName)) {
        return here;
      }
      int[] nested = search(descriptor.getNestedTypes(), fullName, here);
      if (nested != null) {
        return nested;
      }
    }
    return null;
  }
}
