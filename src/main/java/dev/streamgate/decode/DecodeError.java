package dev.streamgate.decode;

/**
 * A key or value that could not be decoded: the reason (a fixed tag), the schema id when known
 * (else {@link DecodeException#NO_SCHEMA_ID}) and a detail for the operator. The stream sends it as
 * a {@code decode-error} control event with the record's position and raw bytes, and goes on.
 */
public record DecodeError(DecodeReason reason, int schemaId, String detail) implements Decoding {}
