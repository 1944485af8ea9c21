package dev.streamgate.decode;

/**
 * The one failure decoding throws: a reason, the schema id when the framing got that far (else
 * {@link #NO_SCHEMA_ID}), and a message for the operator that never echoes the record's bytes.
 * Built without a stack trace: undecodable records are data, not bugs, and may be frequent.
 */
public final class DecodeException extends RuntimeException {

  /** The schema id of a failure met before the framing gave one. */
  public static final int NO_SCHEMA_ID = -1;

  private final DecodeReason reason;
  private final int schemaId;

  public DecodeException(DecodeReason reason, int schemaId, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.schemaId = schemaId;
  }

  public DecodeReason reason() {
    return reason;
  }

  /** The schema id, or {@link #NO_SCHEMA_ID}. */
  public int schemaId() {
    return schemaId;
  }

  /** This failure as the value the stream carries on. */
  public DecodeError toError() {
    return new DecodeError(reason, schemaId, getMessage());
  }

  /** The same failure for another schema id (a reference's failure, told of the root schema). */
  DecodeException forSchema(int id) {
    return id == schemaId ? this : new DecodeException(reason, id, getMessage());
  }
}
