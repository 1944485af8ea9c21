package dev.streamgate.wire;

/** The wire format of a stream. */
public enum Format {
  /** SSE whose data is the record value as text. */
  RAW,
  /** SSE whose data is the JSON envelope of the record. */
  ENVELOPE,
  /** Newline-delimited JSON envelopes ({@code Accept: application/x-ndjson}). */
  NDJSON;

  public String contentType() {
    return this == NDJSON ? "application/x-ndjson" : "text/event-stream; charset=utf-8";
  }

  public EventEncoder encoder() {
    return this == NDJSON ? new NdjsonEncoder() : new SseEncoder(this == ENVELOPE);
  }
}
