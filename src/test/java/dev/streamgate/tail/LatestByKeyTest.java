package dev.streamgate.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The key table is the fold of the log: each key's last record, tombstones and keyless removed. */
class LatestByKeyTest {

  private static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value) {
    return new ConsumerRecord<>(
        "t",
        0,
        offset,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> contents(LatestByKey table) {
    Map<String, String> out = new HashMap<>();
    for (KeyedRecord r : table.records()) {
      out.put(
          new String(r.record().key(), StandardCharsets.UTF_8),
          new String(r.record().value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void keepsTheLatestValueDropsTombstonedAndKeylessRecords() {
    LatestByKey table = new LatestByKey();
    table.apply(record(0, "a", "1"));
    table.apply(record(1, "b", "1"));
    table.apply(record(2, null, "keyless"));
    table.apply(record(3, "a", "2"));
    table.apply(record(4, "b", null));
    table.apply(record(5, "c", ""));
    assertThat(contents(table)).isEqualTo(Map.of("a", "2", "c", ""));
    assertThat(table.keys()).isEqualTo(2);
    assertThat(table.bytes()).isEqualTo(2 + 1 + 2 * KeyedRecord.OVERHEAD_BYTES);
  }

  @Property
  void theTableIsTheFoldOfTheLogAndCountsItsBytes(@ForAll("logs") List<String[]> log) {
    LatestByKey table = new LatestByKey();
    Map<String, String> model = new HashMap<>();
    long offset = 0;
    for (String[] entry : log) {
      table.apply(record(offset++, entry[0], entry[1]));
      if (entry[0] != null) {
        if (entry[1] == null) {
          model.remove(entry[0]);
        } else {
          model.put(entry[0], entry[1]);
        }
      }
    }
    assertThat(contents(table)).isEqualTo(model);
    assertThat(table.keys()).isEqualTo(model.size());
    long bytes = 0;
    for (Map.Entry<String, String> e : model.entrySet()) {
      bytes += e.getKey().length() + e.getValue().length() + KeyedRecord.OVERHEAD_BYTES;
    }
    assertThat(table.bytes()).isEqualTo(bytes);
  }

  @Provide
  Arbitrary<List<String[]>> logs() {
    Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "d").injectNull(0.1);
    Arbitrary<String> values = Arbitraries.strings().alpha().ofMaxLength(5).injectNull(0.2);
    return Combinators.combine(keys, values).as((k, v) -> new String[] {k, v}).list().ofMaxSize(60);
  }
}
