package dev.streamgate.decode;

/**
 * Why a record could not be decoded. The {@link #tag()} is the {@code reason} of the {@code
 * decode-error} control event and of the {@code streamgate_decode_errors_total} meter: a fixed,
 * small set, so the meter's cardinality is bounded.
 */
public enum DecodeReason {
  /** The registry does not know the schema id (404, {@code error_code} 40403) or a reference. */
  UNKNOWN_SCHEMA("unknown-schema"),
  /** The bytes end inside the framing: magic byte, schema id or Protobuf message indexes. */
  TRUNCATED_FRAMING("truncated-framing"),
  /** The framing is malformed: a bad varint, a negative or absurd message-index count. */
  BAD_FRAMING("bad-framing"),
  /** The payload does not decode with its schema (or leaves bytes over). */
  PAYLOAD_MISMATCH("payload-mismatch"),
  /** The registry names a schema type this pod does not decode. */
  UNSUPPORTED_SCHEMA_TYPE("unsupported-schema-type"),
  /** The schema text does not parse, or its references do not resolve. */
  INVALID_SCHEMA("invalid-schema"),
  /** The schema breaks a bound: its size, node count, nesting or references. */
  SCHEMA_TOO_LARGE("schema-too-large"),
  /** The registry did not answer within the bounded retries and {@code wait-for-registry}. */
  REGISTRY_UNAVAILABLE("registry-unavailable"),
  /** The payload or its JSON is above {@code max-value-bytes} / {@code max-json-bytes}. */
  TOO_LARGE("too-large"),
  /** The value nests deeper than {@code max-depth} (a recursive type, or Protobuf nesting). */
  TOO_DEEP("too-deep");

  private final String tag;

  DecodeReason(String tag) {
    this.tag = tag;
  }

  /** The reason as the control event and the meter name it. */
  public String tag() {
    return tag;
  }
}
