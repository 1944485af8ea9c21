package dev.streamgate.conflate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldTest {

  private static Change<String> change(String key, int partition, long offset, long order) {
    byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    return new Change<>(k, partition, offset, order, false, 10, key + "@" + offset);
  }

  @Test
  void keepsEachKeysLatestAndEveryRecordWithoutAKeyInMergedOrder() {
    Fold<String> fold = new Fold<>();
    fold.add(change("a", 0, 0, 0));
    fold.add(change(null, 1, 0, 1));
    fold.add(change("b", 1, 1, 2));
    fold.add(change("a", 0, 1, 3));
    fold.add(change(null, 0, 2, 4));
    assertThat(fold.keys()).isEqualTo(2);
    assertThat(fold.size()).isEqualTo(4);
    assertThat(fold.bytes()).isEqualTo(40);
    assertThat(fold.over(3, 100)).isTrue();
    assertThat(fold.over(4, 40)).isFalse();
    assertThat(fold.drain())
        .extracting(Change::item)
        .containsExactly("null@0", "b@1", "a@1", "null@2");
    assertThat(fold.isEmpty()).isTrue();
    assertThat(fold.bytes()).isZero();
  }

  @Test
  void aTombstoneIsAKeysLatestLikeAnyRecord() {
    Fold<String> fold = new Fold<>();
    fold.add(change("a", 0, 0, 0));
    fold.add(new Change<>("a".getBytes(StandardCharsets.UTF_8), 0, 1, 1, true, 5, "delete a"));
    List<Change<String>> batch = fold.drain();
    assertThat(batch).singleElement().satisfies(c -> assertThat(c.tombstone()).isTrue());
  }

  @Test
  void theWeightOfARecordIsItsKeyValueAndOverhead() {
    assertThat(Change.weigh(new byte[3], null)).isEqualTo(Change.OVERHEAD_BYTES + 3);
    assertThat(Change.weigh(null, new byte[7])).isEqualTo(Change.OVERHEAD_BYTES + 7);
  }
}
