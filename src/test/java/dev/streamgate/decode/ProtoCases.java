package dev.streamgate.decode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Protobuf schemas of the tests, compiled with references served from a map. */
final class ProtoCases {

  static final String MONEY =
      """
      syntax = "proto3";
      package common;
      message Money {
        string currency_code = 1;
        int64 units = 2;
        int32 nanos = 3;
      }
      """;

  static final String ORDERS =
      """
      syntax = "proto3";
      package shop;
      import "common/money.proto";
      import "google/protobuf/timestamp.proto";

      enum Channel { WEB = 0; SHOP = 1; }

      message Order {
        string order_id = 1;
        common.Money total = 2;
        google.protobuf.Timestamp placed_at = 3;
        repeated Line lines = 4;
        map<string, int32> counts = 5;
        Status status = 6;
        oneof payment {
          string card = 7;
          string iban = 8;
        }
        optional int32 priority = 9;
        Channel channel = 10;
        repeated int32 tags = 11;

        message Line {
          string sku = 1;
          int64 qty = 2;
        }
        enum Status { UNKNOWN = 0; OPEN = 1; SHIPPED = 2; }
      }

      message Refund {
        string order_id = 1;
        double amount_eur = 2;
      }
      """;

  static final SchemaReference MONEY_REF = new SchemaReference("common/money.proto", "money", 1);

  private ProtoCases() {}

  static ProtobufDecoder compile(
      String text, List<SchemaReference> refs, Map<String, String> byName) {
    return compile(DecodeLimits.DEFAULTS, text, refs, byName);
  }

  static ProtobufDecoder compile(
      DecodeLimits limits, String text, List<SchemaReference> refs, Map<String, String> byName) {
    return (ProtobufDecoder)
        new SchemaCompiler(limits)
            .compile(
                new SchemaText(3, SchemaType.PROTOBUF, text, refs),
                r -> {
                  String referenced = byName.get(r.subject());
                  if (referenced == null) {
                    throw new DecodeException(DecodeReason.UNKNOWN_SCHEMA, 99, "no " + r.subject());
                  }
                  return new SchemaText(99, SchemaType.PROTOBUF, referenced, List.of());
                });
  }

  static ProtobufDecoder orders() {
    return compile(ORDERS, List.of(MONEY_REF), Map.of("money", MONEY));
  }

  /** What a framed decoder makes of these bytes with this schema. */
  static Decoding decode(SchemaDecoder decoder, byte[] framed) {
    return new FramedDecoder(
            "t", id -> new RegisteredSchema(id, decoder, List.of()), DecodeLimits.DEFAULTS)
        .value(framed);
  }

  static String json(Decoding decoding) {
    if (!(decoding instanceof Decoded decoded)) {
      throw new AssertionError("not decoded: " + decoding);
    }
    return new String(decoded.json(), StandardCharsets.UTF_8);
  }
}
