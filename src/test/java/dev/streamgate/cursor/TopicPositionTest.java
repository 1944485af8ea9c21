package dev.streamgate.cursor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicPositionTest {

  @Test
  void exposesWhatItWasGiven() {
    TopicPosition p = new TopicPosition("prices", 0x1a2b3c4d, new long[] {12, 7});
    assertThat(p.topic()).isEqualTo("prices");
    assertThat(p.fingerprint()).isEqualTo(0x1a2b3c4d);
    assertThat(p.partitions()).isEqualTo(2);
    assertThat(p.nextOffset(0)).isEqualTo(12);
    assertThat(p.nextOffset(1)).isEqualTo(7);
    assertThat(p.nextOffsets()).containsExactly(12, 7);
  }

  @Test
  void copiesItsArrayInAndOut() {
    long[] offsets = {1, 2};
    TopicPosition p = new TopicPosition("t", 0, offsets);
    offsets[0] = 99;
    p.nextOffsets()[1] = 99;
    assertThat(p.nextOffsets()).containsExactly(1, 2);
  }

  @Test
  void withNextOffsetReturnsANewInstance() {
    TopicPosition p = new TopicPosition("t", 5, new long[] {1, 2});
    TopicPosition q = p.withNextOffset(1, 10);
    assertThat(q.nextOffsets()).containsExactly(1, 10);
    assertThat(q.fingerprint()).isEqualTo(5);
    assertThat(p.nextOffsets()).containsExactly(1, 2);
    assertThatThrownBy(() -> p.withNextOffset(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> p.withNextOffset(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> p.withNextOffset(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.nextOffset(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void hasValueEquality() {
    TopicPosition p = new TopicPosition("t", 1, new long[] {1, 2});
    assertThat(p).isEqualTo(new TopicPosition("t", 1, new long[] {1, 2}));
    assertThat(p).hasSameHashCodeAs(new TopicPosition("t", 1, new long[] {1, 2}));
    assertThat(p).isNotEqualTo(new TopicPosition("u", 1, new long[] {1, 2}));
    assertThat(p).isNotEqualTo(new TopicPosition("t", 2, new long[] {1, 2}));
    assertThat(p).isNotEqualTo(new TopicPosition("t", 1, new long[] {1, 3}));
    assertThat(p).isNotEqualTo(new TopicPosition("t", 1, new long[] {1, 2, 0}));
  }

  @Test
  void printsCompactly() {
    assertThat(new TopicPosition("prices", 0x1a2b3c4d, new long[] {12, 7}))
        .hasToString("prices@1a2b3c4d[0:12,1:7]");
    assertThat(new TopicPosition("t", -1, new long[] {0})).hasToString("t@ffffffff[0:0]");
    assertThat(new TopicPosition("t", 10, new long[] {0})).hasToString("t@0000000a[0:0]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a b", "a/b", "é", "a\0"})
  void rejectsIllegalTopicNames(String name) {
    assertThatThrownBy(() -> new TopicPosition(name, 0, new long[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsOverlongNullAndOddInput() {
    assertThat(new TopicPosition("a".repeat(249), 0, new long[] {0}).topic()).hasSize(249);
    assertThatThrownBy(() -> new TopicPosition("a".repeat(250), 0, new long[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TopicPosition(null, 0, new long[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TopicPosition("t", 0, new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TopicPosition("t", 0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TopicPosition("t", 0, new long[] {0, -1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsEveryLegalCharacter() {
    String all = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    assertThat(new TopicPosition(all, 0, new long[] {0}).topic()).isEqualTo(all);
  }
}
