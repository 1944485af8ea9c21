package dev.streamgate.decode;

import java.io.IOException;
import java.util.LinkedHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.ResolvingDecoder;

/**
 * Avro's generic reader with the decode bounds: container nesting (records, arrays, maps) at most
 * {@code max-depth}, so a recursive type cannot overflow the stack; at most {@code max-json-bytes /
 * 2} array and map items per value, so items that take no bytes on the wire ({@code null}, empty
 * records) cannot fill the heap. Maps keep the order they were written in (Avro's own reader uses a
 * hash map), so the JSON follows the bytes.
 *
 * <p>Threads: one reader per thread per schema ({@link AvroDecoder} keeps them in a thread-local):
 * the counters are that thread's.
 */
final class BoundedDatumReader extends GenericDatumReader<Object> {

  /** Nesting above {@code max-depth}. */
  static final class TooDeep extends RuntimeException {
    TooDeep() {
      super(null, null, false, false);
    }
  }

  /** More items than the JSON bound allows. */
  static final class TooMany extends RuntimeException {
    TooMany() {
      super(null, null, false, false);
    }
  }

  private final int maxDepth;
  private final int maxItems;
  private int depth;
  private int items;

  BoundedDatumReader(Schema schema, DecodeLimits limits) {
    super(schema, schema, slowReader());
    this.maxDepth = limits.maxDepth();
    this.maxItems = limits.maxItems();
  }

  /**
   * Avro 1.12's generic data reads through its "fast reader" by default, which calls none of the
   * methods overridden here: the bounds would silently not apply. This reader's data turns it off.
   */
  private static GenericData slowReader() {
    GenericData data = new GenericData();
    data.setFastReaderEnabled(false);
    return data;
  }

  /** Called before each value. */
  void reset() {
    depth = 0;
    items = 0;
  }

  @Override
  protected Object read(Object old, Schema expected, ResolvingDecoder in) throws IOException {
    Schema.Type type = expected.getType();
    boolean container =
        type == Schema.Type.RECORD || type == Schema.Type.ARRAY || type == Schema.Type.MAP;
    if (!container) {
      return super.read(old, expected, in);
    }
    if (++depth > maxDepth) {
      throw new TooDeep();
    }
    try {
      return super.read(old, expected, in);
    } finally {
      depth--;
    }
  }

  @Override
  protected void addToArray(Object array, long pos, Object e) {
    item();
    super.addToArray(array, pos, e);
  }

  @Override
  protected void addToMap(Object map, Object key, Object value) {
    item();
    super.addToMap(map, key, value);
  }

  @Override
  protected Object newMap(Object old, int size) {
    return new LinkedHashMap<>(Math.min(size, 64) * 2);
  }

  private void item() {
    if (++items > maxItems) {
      throw new TooMany();
    }
  }
}
