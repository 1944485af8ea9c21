package dev.streamgate.registry;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.streamgate.decode.ConfluentFrames;
import dev.streamgate.testing.ConfluentApiRegistryServer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The schemas of the stand-in-registry tests and their records, written by the real libraries
 * (Apache Avro's {@code GenericDatumWriter}, protobuf-java's {@code DynamicMessage} over
 * descriptors built here by hand, not by the service's parser) in the Confluent framing.
 */
public final class StandInSchemas {

  /** A quote with one field of every Avro mapping row docs/api.md lists. */
  public static final String QUOTE =
      """
      {"type": "record", "name": "Quote", "namespace": "demo", "fields": [
        {"name": "symbol", "type": "string"},
        {"name": "price", "type": "double"},
        {"name": "venue", "type": ["null", "string"], "default": null},
        {"name": "side", "type": {"type": "enum", "name": "Side", "symbols": ["BUY", "SELL"]}},
        {"name": "book", "type": {"type": "record", "name": "Book", "fields": [
          {"name": "bid", "type": "double"}, {"name": "ask", "type": "double"}]}},
        {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal",
          "precision": 12, "scale": 4}},
        {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "day", "type": {"type": "int", "logicalType": "date"}},
        {"name": "raw", "type": "bytes"},
        {"name": "tags", "type": {"type": "array", "items": "string"}},
        {"name": "seq", "type": "long"}
      ]}
      """;

  public static final Schema QUOTE_SCHEMA = new Schema.Parser().parse(QUOTE);

  /** An Avro string, as a topic's key schema. */
  public static final String STRING_KEY = "\"string\"";

  public static final String MONEY_PROTO =
      """
      syntax = "proto3";
      package common;
      message Money {
        string currency_code = 1;
        int64 units = 2;
      }
      """;

  /** Imports {@code common/money.proto}: a registry reference to subject {@code money}. */
  public static final String ORDER_PROTO =
      """
      syntax = "proto3";
      package shop;
      import "common/money.proto";
      message Order {
        string order_id = 1;
        common.Money total = 2;
        repeated string tags = 3;
      }
      """;

  public static final String JSON_SCHEMA =
      """
      {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
       "properties": {"a": {"type": "integer"}, "b": {"type": "array"}}}
      """;

  private static final Instant TS = Instant.parse("2023-11-14T22:13:20.123Z");

  private StandInSchemas() {}

  /** A quote of {@code symbol} at {@code bid}, with sequence number {@code seq}. */
  public static GenericRecord quote(String symbol, double bid, long seq) {
    Schema book = QUOTE_SCHEMA.getField("book").schema();
    GenericRecord quote = new GenericData.Record(QUOTE_SCHEMA);
    quote.put("symbol", symbol);
    quote.put("price", bid + 0.25);
    quote.put("venue", seq % 2 == 0 ? "X1" : null);
    quote.put("side", new GenericData.EnumSymbol(QUOTE_SCHEMA.getField("side").schema(), "SELL"));
    GenericRecord prices = new GenericData.Record(book);
    prices.put("bid", bid);
    prices.put("ask", bid + 0.5);
    quote.put("book", prices);
    Schema decimal = QUOTE_SCHEMA.getField("amount").schema();
    quote.put(
        "amount",
        new Conversions.DecimalConversion()
            .toBytes(new BigDecimal("12.3400"), decimal, LogicalTypes.decimal(12, 4)));
    quote.put("ts", TS.toEpochMilli());
    quote.put("day", (int) LocalDate.parse("1999-12-31").toEpochDay());
    quote.put("raw", ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}));
    quote.put("tags", List.of("a", "b"));
    quote.put("seq", seq);
    return quote;
  }

  /** The JSON docs/api.md's Avro mapping makes of {@link #quote}. */
  public static String quoteJson(String symbol, double bid, long seq) {
    return "{\"symbol\":\""
        + symbol
        + "\",\"price\":"
        + (bid + 0.25)
        + ",\"venue\":"
        + (seq % 2 == 0 ? "\"X1\"" : "null")
        + ",\"side\":\"SELL\",\"book\":{\"bid\":"
        + bid
        + ",\"ask\":"
        + (bid + 0.5)
        + "},\"amount\":\"12.3400\",\"ts\":\"2023-11-14T22:13:20.123Z\",\"day\":\"1999-12-31\","
        + "\"raw\":\"AAEC/w==\",\"tags\":[\"a\",\"b\"],\"seq\":"
        + seq
        + "}";
  }

  /** A framed Avro quote. */
  public static byte[] framedQuote(int id, String symbol, double bid, long seq) {
    return ConfluentFrames.framed(id, ConfluentFrames.avro(QUOTE_SCHEMA, quote(symbol, bid, seq)));
  }

  /** A bare (unframed) Avro quote. */
  public static byte[] bareQuote(String symbol, double bid, long seq) {
    return ConfluentFrames.avro(QUOTE_SCHEMA, quote(symbol, bid, seq));
  }

  /** A framed Avro string (a key). */
  public static byte[] framedString(int id, String text) {
    return ConfluentFrames.framed(
        id, ConfluentFrames.avro(new Schema.Parser().parse(STRING_KEY), text));
  }

  /** Registers the quote as {@code <topic>-value} and the string as {@code <topic>-key}. */
  public static int[] registerQuotes(ConfluentApiRegistryServer registry, String topic) {
    int value = registry.register(topic + "-value", null, QUOTE);
    int key = registry.register(topic + "-key", null, STRING_KEY);
    return new int[] {key, value};
  }

  /** The Order message, from descriptors built by hand with protobuf-java. */
  public static Descriptor order() {
    try {
      FileDescriptorProto money =
          FileDescriptorProto.newBuilder()
              .setName("common/money.proto")
              .setPackage("common")
              .setSyntax("proto3")
              .addMessageType(
                  DescriptorProto.newBuilder()
                      .setName("Money")
                      .addField(field("currency_code", 1, FieldDescriptorProto.Type.TYPE_STRING))
                      .addField(field("units", 2, FieldDescriptorProto.Type.TYPE_INT64)))
              .build();
      FileDescriptorProto orders =
          FileDescriptorProto.newBuilder()
              .setName("shop/orders.proto")
              .setPackage("shop")
              .setSyntax("proto3")
              .addDependency("common/money.proto")
              .addMessageType(
                  DescriptorProto.newBuilder()
                      .setName("Order")
                      .addField(field("order_id", 1, FieldDescriptorProto.Type.TYPE_STRING))
                      .addField(
                          field("total", 2, FieldDescriptorProto.Type.TYPE_MESSAGE)
                              .setTypeName(".common.Money"))
                      .addField(
                          field("tags", 3, FieldDescriptorProto.Type.TYPE_STRING)
                              .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)))
              .build();
      FileDescriptor common = FileDescriptor.buildFrom(money, new FileDescriptor[0]);
      return FileDescriptor.buildFrom(orders, new FileDescriptor[] {common})
          .findMessageTypeByName("Order");
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FieldDescriptorProto.Builder field(
      String name, int number, FieldDescriptorProto.Type type) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(type)
        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
        .setJsonName(name);
  }

  /** A framed Order (the file's first message: indexes {@code [0]}). */
  public static byte[] framedOrder(int id, String orderId, long units) {
    return ConfluentFrames.protobuf(id, List.of(0), bareOrder(orderId, units));
  }

  /** A bare (unframed) Order message, as a producer without a registry writes it. */
  public static byte[] bareOrder(String orderId, long units) {
    Descriptor order = order();
    Descriptor money = order.findFieldByName("total").getMessageType();
    DynamicMessage message =
        DynamicMessage.newBuilder(order)
            .setField(order.findFieldByName("order_id"), orderId)
            .setField(
                order.findFieldByName("total"),
                DynamicMessage.newBuilder(money)
                    .setField(money.findFieldByName("currency_code"), "EUR")
                    .setField(money.findFieldByName("units"), units)
                    .build())
            .addRepeatedField(order.findFieldByName("tags"), "a")
            .addRepeatedField(order.findFieldByName("tags"), "b")
            .build();
    return message.toByteArray();
  }

  /** The proto3 JSON of {@link #framedOrder}, field names as written. */
  public static String orderJson(String orderId, long units) {
    return "{\"order_id\":\""
        + orderId
        + "\",\"total\":{\"currency_code\":\"EUR\",\"units\":\""
        + units
        + "\"},\"tags\":[\"a\",\"b\"]}";
  }

  /** A framed JSON Schema payload, as a producer wrote it (with white space). */
  public static byte[] framedJson(int id, int a) {
    return ConfluentFrames.framed(
        id, ("{ \"a\" : " + a + " ,\n \"b\" : [true, null] }").getBytes(StandardCharsets.UTF_8));
  }

  public static String json(int a) {
    return "{\"a\":" + a + ",\"b\":[true,null]}";
  }
}
