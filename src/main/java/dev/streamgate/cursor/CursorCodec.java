package dev.streamgate.cursor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@link Cursor} into an SSE event id and back.
 *
 * <p>Why this format: an id is sent with every event and echoed by every reconnecting client, so it
 * must be short, safe in an SSE {@code id:} line, an HTTP header and a URL, and impossible to
 * abuse. Version 1 is the character {@code '1'} followed by unpadded base64url of:
 *
 * <pre>
 *   varint  number of topics (1..256)
 *   per topic:
 *     varint  name length (1..249), then the name in ASCII
 *     4 bytes fingerprint, big-endian
 *     varint  partition count (1..100,000)
 *     per partition: zig-zag varint of (next offset - previous partition's next offset),
 *                    the first partition's delta being from 0
 * </pre>
 *
 * Partitions of one topic usually have offsets of similar size, so the deltas keep ids small.
 *
 * <p>A <em>snapshot id</em> ({@link #encodeSnapshot}) is the character {@code 's'} followed by the
 * same payload: the position P as of which a {@code from=snapshot} stream was sending the latest
 * value of every key, before its {@code caught-up}. It does not say how far into the snapshot the
 * client got (a snapshot is a pod's in-memory view, which another pod cannot reproduce), so a
 * reconnect with it gets a complete snapshot again, as of a new P; it decodes to {@link
 * CursorDecoding.InSnapshot}.
 *
 * <p>Decoding is strict: every cursor has exactly one id, and anything else (bad characters,
 * padding, non-canonical base64 or varints, out-of-range counts, bad or duplicate names, negative
 * offsets, truncated or trailing bytes) is {@link CursorDecoding.Invalid}. {@link #decode} never
 * throws: ids come from clients, and a malformed one must not become a 500 or a stack trace.
 *
 * <p>Thread-safe and stateless apart from its limit.
 */
public final class CursorCodec {

  /** The version character that starts every id of this format. */
  static final char VERSION = '1';

  /** The character that starts every snapshot id (the version 1 payload follows). */
  static final char SNAPSHOT = 's';

  /** Most topics one id may carry. */
  static final int MAX_TOPICS = 256;

  /** Most partitions one topic of an id may carry. */
  static final int MAX_PARTITIONS = 100_000;

  private final int maxLength;

  /**
   * @param maxLength ids longer than this many characters are rejected without decoding, which
   *     bounds the work one request can cause; {@link #encode} refuses to produce such ids
   * @throws IllegalArgumentException if {@code maxLength < 2} (no id is shorter than 2)
   */
  public CursorCodec(int maxLength) {
    if (maxLength < 2) {
      throw new IllegalArgumentException("maxLength must be at least 2, was " + maxLength);
    }
    this.maxLength = maxLength;
  }

  /** The longest id this codec reads or writes, in characters. */
  public int maxLength() {
    return maxLength;
  }

  /**
   * The id of {@code cursor}: only characters of {@code [A-Za-z0-9_-]} after the leading '1'.
   *
   * @throws IllegalArgumentException if the cursor has more than 256 topics or a topic with more
   *     than 100,000 partitions, or its id would be longer than {@code maxLength}: such an id would
   *     be refused by {@link #decode}, and it is better to fail loudly now than to hand a client an
   *     id that silently cannot resume
   */
  public String encode(Cursor cursor) {
    return encode(VERSION, cursor);
  }

  /**
   * The snapshot id of {@code cursor}: {@code 's'} and the payload of {@link #encode}, for the
   * events a {@code from=snapshot} stream sends before its {@code caught-up}.
   *
   * @throws IllegalArgumentException as {@link #encode}
   */
  public String encodeSnapshot(Cursor cursor) {
    return encode(SNAPSHOT, cursor);
  }

  private String encode(char kind, Cursor cursor) {
    List<TopicPosition> topics = cursor.topics();
    if (topics.size() > MAX_TOPICS) {
      throw new IllegalArgumentException(
          "cursor has " + topics.size() + " topics, at most " + MAX_TOPICS + " can be encoded");
    }
    ByteWriter out = new ByteWriter();
    out.writeVarint(topics.size());
    for (TopicPosition t : topics) {
      if (t.partitions() > MAX_PARTITIONS) {
        throw new IllegalArgumentException(
            "topic "
                + t.topic()
                + " has "
                + t.partitions()
                + " partitions, at most "
                + MAX_PARTITIONS
                + " can be encoded");
      }
      out.writeVarint(t.topic().length());
      out.writeAscii(t.topic());
      out.writeInt(t.fingerprint());
      out.writeVarint(t.partitions());
      long previous = 0;
      for (int p = 0; p < t.partitions(); p++) {
        long offset = t.nextOffset(p);
        // Both offsets are in 0..Long.MAX_VALUE, so the difference cannot overflow.
        out.writeSignedVarint(offset - previous);
        previous = offset;
      }
    }
    String id = kind + Base64Url.encode(out.bytes(), out.length());
    if (id.length() > maxLength) {
      throw new IllegalArgumentException(
          "cursor id would be " + id.length() + " characters, over the limit of " + maxLength);
    }
    return id;
  }

  /**
   * The cursor that {@code id} stands for, or why it is refused. Never throws, whatever the input
   * (null, empty, huge, binary, non-ASCII).
   */
  public CursorDecoding decode(String id) {
    if (id == null || id.isEmpty()) {
      return new CursorDecoding.Invalid("empty");
    }
    if (id.length() > maxLength) {
      return new CursorDecoding.Invalid("too long");
    }
    char kind = id.charAt(0);
    if (kind != VERSION && kind != SNAPSHOT) {
      return new CursorDecoding.Invalid("unsupported version");
    }
    String base64Problem = Base64Url.problem(id, 1);
    if (base64Problem != null) {
      return new CursorDecoding.Invalid(base64Problem);
    }
    ByteReader in = new ByteReader(Base64Url.decode(id, 1));
    List<TopicPosition> topics = readTopics(in);
    if (!in.failed() && in.remaining() > 0) {
      in.fail("trailing bytes");
    }
    if (in.failed()) {
      return new CursorDecoding.Invalid(in.problem());
    }
    Cursor cursor = Cursor.of(topics);
    return kind == SNAPSHOT
        ? new CursorDecoding.InSnapshot(cursor)
        : new CursorDecoding.Valid(cursor);
  }

  /** The topics of an id, or null with a problem recorded in {@code in}. */
  private static List<TopicPosition> readTopics(ByteReader in) {
    long count = in.readVarint();
    if (in.failed()) {
      return null;
    }
    if (count < 1 || count > MAX_TOPICS) {
      in.fail(count == 0 ? "no topics" : "too many topics");
      return null;
    }
    List<TopicPosition> topics = new ArrayList<>((int) count);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < count; i++) {
      TopicPosition topic = readTopic(in);
      if (topic == null) {
        return null;
      }
      if (!names.add(topic.topic())) {
        in.fail("duplicate topic");
        return null;
      }
      topics.add(topic);
    }
    return topics;
  }

  /** One topic of an id, or null with a problem recorded in {@code in}. */
  private static TopicPosition readTopic(ByteReader in) {
    long nameLength = in.readVarint();
    if (in.failed()) {
      return null;
    }
    if (nameLength < 1 || nameLength > TopicNames.MAX_LENGTH) {
      in.fail("bad topic name");
      return null;
    }
    String name = in.readTopicName((int) nameLength);
    int fingerprint = in.readInt();
    long partitions = in.readVarint();
    if (in.failed()) {
      return null;
    }
    if (partitions < 1) {
      in.fail(partitions == 0 ? "no partitions" : "too many partitions");
      return null;
    }
    if (partitions > MAX_PARTITIONS) {
      in.fail("too many partitions");
      return null;
    }
    if (partitions > in.remaining()) {
      // Each offset takes at least one byte: refuse before allocating for a count the id lacks.
      in.fail("truncated");
      return null;
    }
    long[] offsets = new long[(int) partitions];
    long previous = 0;
    for (int p = 0; p < offsets.length; p++) {
      long delta = in.readSignedVarint();
      if (in.failed()) {
        return null;
      }
      if (delta > 0 && delta > Long.MAX_VALUE - previous) {
        in.fail("offset out of range");
        return null;
      }
      // previous >= 0, so a negative delta cannot overflow; it can only go below zero.
      long offset = previous + delta;
      if (offset < 0) {
        in.fail("negative offset");
        return null;
      }
      offsets[p] = offset;
      previous = offset;
    }
    return new TopicPosition(name, fingerprint, offsets);
  }
}
