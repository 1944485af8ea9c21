package dev.streamgate.decode;

import static dev.streamgate.decode.ProtoCases.decode;
import static dev.streamgate.decode.ProtoCases.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Protobuf mapping of docs/api.md: proto3 JSON, field names as written, framed by indexes. */
class ProtobufMappingTest {

  @Test
  void theFirstMessageWithAReferenceAndAWellKnownType() {
    ProtobufDecoder decoder = ProtoCases.orders();
    Descriptor order = decoder.file().findMessageTypeByName("Order");
    Descriptor money = order.findFieldByName("total").getMessageType();
    Descriptor line = order.findNestedTypeByName("Line");
    DynamicMessage message =
        DynamicMessage.newBuilder(order)
            .setField(order.findFieldByName("order_id"), "o-1")
            .setField(
                order.findFieldByName("total"),
                DynamicMessage.newBuilder(money)
                    .setField(money.findFieldByName("currency_code"), "EUR")
                    .setField(money.findFieldByName("units"), 12L)
                    .setField(money.findFieldByName("nanos"), 500_000_000)
                    .build())
            .setField(
                order.findFieldByName("placed_at"),
                Timestamp.newBuilder().setSeconds(1_714_564_800L).setNanos(5_000_000).build())
            .addRepeatedField(
                order.findFieldByName("lines"),
                DynamicMessage.newBuilder(line)
                    .setField(line.findFieldByName("sku"), "a\nb")
                    .setField(line.findFieldByName("qty"), 2L)
                    .build())
            .addRepeatedField(order.findFieldByName("counts"), entry(order, "x", 1))
            .setField(
                order.findFieldByName("status"),
                order.findEnumTypeByName("Status").findValueByName("SHIPPED"))
            .setField(order.findFieldByName("card"), "4111")
            .setField(order.findFieldByName("priority"), 0)
            .addRepeatedField(order.findFieldByName("tags"), 7)
            .addRepeatedField(order.findFieldByName("tags"), -1)
            .build();
    byte[] framed = ConfluentFrames.protobuf(3, List.of(0), message.toByteArray());
    assertThat(framed[5]).as("the first-message shortcut").isZero();
    assertThat(json(decode(decoder, framed)))
        .isEqualTo(
            "{\"order_id\":\"o-1\","
                + "\"total\":{\"currency_code\":\"EUR\",\"units\":\"12\",\"nanos\":500000000},"
                + "\"placed_at\":\"2024-05-01T12:00:00.005Z\","
                + "\"lines\":[{\"sku\":\"a\\nb\",\"qty\":\"2\"}],"
                + "\"counts\":{\"x\":1},\"status\":\"SHIPPED\",\"card\":\"4111\",\"priority\":0,"
                + "\"tags\":[7,-1]}");
  }

  @Test
  void aLaterMessageAndANestedMessageByTheirIndexes() {
    ProtobufDecoder decoder = ProtoCases.orders();
    Descriptor refund = decoder.file().findMessageTypeByName("Refund");
    byte[] payload =
        DynamicMessage.newBuilder(refund)
            .setField(refund.findFieldByName("order_id"), "o-2")
            .setField(refund.findFieldByName("amount_eur"), Double.NaN)
            .build()
            .toByteArray();
    // the enum Channel is declared first, yet message indexes count messages only: Refund is 1
    assertThat(json(decode(decoder, ConfluentFrames.protobuf(3, List.of(1), payload))))
        .isEqualTo("{\"order_id\":\"o-2\",\"amount_eur\":\"NaN\"}");
    Descriptor line = decoder.file().findMessageTypeByName("Order").findNestedTypeByName("Line");
    byte[] linePayload =
        DynamicMessage.newBuilder(line)
            .setField(line.findFieldByName("sku"), "s")
            .build()
            .toByteArray();
    // Order's nested messages: the map entry of counts is not counted, Line is 0
    assertThat(json(decode(decoder, ConfluentFrames.protobuf(3, List.of(0, 0), linePayload))))
        .isEqualTo("{\"sku\":\"s\"}");
  }

  @Test
  void messagesWrittenByGeneratedCodeDecodeAsJsonFormatPrintsThem() throws Exception {
    // descriptor.proto as a registry schema, FileDescriptorProto (its second message) as payload
    ProtobufDecoder descriptorProto =
        (ProtobufDecoder)
            new SchemaCompiler(new DecodeLimits(64, 1 << 20, 1 << 20, 1 << 20, 100_000, 8))
                .compile(
                    new SchemaText(
                        4,
                        SchemaType.PROTOBUF,
                        resource("google/protobuf/descriptor.proto"),
                        List.of()),
                    ReferenceResolver.NONE);
    DescriptorProtos.FileDescriptorProto written = Timestamp.getDescriptor().getFile().toProto();
    byte[] framed = ConfluentFrames.protobuf(4, List.of(1), written.toByteArray());
    assertThat(json(decode(descriptorProto, framed)))
        .isEqualTo(
            JsonFormat.printer()
                .preservingProtoFieldNames()
                .omittingInsignificantWhitespace()
                .print(written));
    // struct.proto: a oneof, a map, an enum and recursion
    ProtobufDecoder struct =
        (ProtobufDecoder)
            new SchemaCompiler(DecodeLimits.DEFAULTS)
                .compile(
                    new SchemaText(
                        5,
                        SchemaType.PROTOBUF,
                        resource("google/protobuf/struct.proto"),
                        List.of()),
                    ReferenceResolver.NONE);
    Struct value =
        Struct.newBuilder()
            .putFields("bid", Value.newBuilder().setNumberValue(99.5).build())
            .putFields(
                "legs",
                Value.newBuilder()
                    .setListValue(
                        ListValue.newBuilder()
                            .addValues(Value.newBuilder().setStringValue("x"))
                            .addValues(Value.newBuilder().setBoolValue(true)))
                    .build())
            .build();
    assertThat(json(decode(struct, ConfluentFrames.protobuf(5, List.of(0), value.toByteArray()))))
        .isEqualTo("{\"bid\":99.5,\"legs\":[\"x\",true]}");
  }

  @Test
  void proto2RequiredDefaultsPackedAndAliases() {
    String text =
        """
        syntax = "proto2";
        package legacy;
        message Tick {
          required string symbol = 1;
          optional int32 size = 2 [default = 100];
          repeated sint64 deltas = 3 [packed = true];
          optional Level level = 4 [default = HIGH];
          enum Level {
            option allow_alias = true;
            LOW = 0;
            HIGH = 1;
            TOP = 1;
          }
        }
        """;
    ProtobufDecoder decoder = ProtoCases.compile(text, List.of(), Map.of());
    Descriptor tick = decoder.file().findMessageTypeByName("Tick");
    assertThat(tick.findFieldByName("size").getDefaultValue()).isEqualTo(100);
    assertThat(tick.findFieldByName("deltas").isPacked()).isTrue();
    assertThat(tick.findFieldByName("symbol").isRequired()).isTrue();
    byte[] payload =
        DynamicMessage.newBuilder(tick)
            .setField(tick.findFieldByName("symbol"), "ACME")
            .addRepeatedField(tick.findFieldByName("deltas"), -3L)
            .addRepeatedField(tick.findFieldByName("deltas"), 4L)
            .build()
            .toByteArray();
    assertThat(json(decode(decoder, ConfluentFrames.protobuf(3, List.of(0), payload))))
        .isEqualTo("{\"symbol\":\"ACME\",\"deltas\":[\"-3\",\"4\"]}");
  }

  @Test
  void confluentsBundledDecimalImports() {
    String text =
        """
        syntax = "proto3";
        import "confluent/type/decimal.proto";
        message Price { confluent.type.Decimal amount = 1; }
        """;
    ProtobufDecoder decoder = ProtoCases.compile(text, List.of(), Map.of());
    Descriptor price = decoder.file().findMessageTypeByName("Price");
    Descriptor decimal = price.findFieldByName("amount").getMessageType();
    byte[] payload =
        DynamicMessage.newBuilder(price)
            .setField(
                price.findFieldByName("amount"),
                DynamicMessage.newBuilder(decimal)
                    .setField(decimal.findFieldByName("scale"), 2)
                    .build())
            .build()
            .toByteArray();
    assertThat(json(decode(decoder, ConfluentFrames.protobuf(3, List.of(0), payload))))
        .isEqualTo("{\"amount\":{\"scale\":2}}");
  }

  private static DynamicMessage entry(Descriptor order, String key, int value) {
    Descriptor entry = order.findFieldByName("counts").getMessageType();
    return DynamicMessage.newBuilder(entry)
        .setField(entry.findFieldByName("key"), key)
        .setField(entry.findFieldByName("value"), value)
        .build();
  }

  static String resource(String name) throws IOException {
    try (InputStream in = ProtobufMappingTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
