package dev.streamgate.cursor;

import java.util.Objects;

/**
 * The outcome of decoding an SSE event id: a cursor, or why the id was refused.
 *
 * <p>A result type rather than an exception because ids come straight from clients (the {@code
 * Last-Event-ID} header or a query parameter): a malformed one is an expected input, not a bug, and
 * the caller must decide explicitly what to do with it. Sealed so a {@code switch} over it is
 * exhaustive.
 */
public sealed interface CursorDecoding {

  /** The id was well formed and stands for {@code cursor}. */
  record Valid(Cursor cursor) implements CursorDecoding {
    public Valid {
      Objects.requireNonNull(cursor, "cursor");
    }
  }

  /**
   * A snapshot id ({@link CursorCodec#encodeSnapshot}): the client was receiving the snapshot as of
   * {@code cursor} and had not reached its {@code caught-up}. Its state is incomplete, so the
   * stream sends a complete snapshot again rather than resuming from {@code cursor}.
   */
  record InSnapshot(Cursor cursor) implements CursorDecoding {
    public InSnapshot {
      Objects.requireNonNull(cursor, "cursor");
    }
  }

  /**
   * The id was refused; {@code reason} is short human text such as "truncated", fit to show a
   * client, and never echoes the id itself.
   */
  record Invalid(String reason) implements CursorDecoding {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
