package dev.streamgate.cursor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorTest {

  private final TopicPosition prices = new TopicPosition("prices", 1, new long[] {10, 20});
  private final TopicPosition orders = new TopicPosition("orders", 2, new long[] {5});

  @Test
  void keepsTopicOrderAndLooksUpByName() {
    Cursor c = Cursor.of(List.of(prices, orders));
    assertThat(c.topics()).containsExactly(prices, orders);
    assertThat(c.topicNames()).containsExactly("prices", "orders");
    assertThat(c.topic("orders")).contains(orders);
    assertThat(c.topic("missing")).isEmpty();
  }

  @Test
  void isUnmodifiableAndDetachedFromItsInput() {
    List<TopicPosition> input = new ArrayList<>(List.of(prices));
    Cursor c = Cursor.of(input);
    input.add(orders);
    assertThat(c.topics()).containsExactly(prices);
    assertThatThrownBy(() -> c.topics().add(orders))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.topicNames().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsEmptyAndDuplicateTopics() {
    assertThatThrownBy(() -> Cursor.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    TopicPosition pricesAgain = new TopicPosition("prices", 9, new long[] {0});
    assertThatThrownBy(() -> Cursor.of(List.of(prices, pricesAgain)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void afterRecordMovesOnlyThatPartitionToOffsetPlusOne() {
    Cursor c = Cursor.of(List.of(prices, orders));
    Cursor next = c.afterRecord("prices", 1, 41);
    assertThat(next.topic("prices").orElseThrow().nextOffsets()).containsExactly(10, 42);
    assertThat(next.topic("orders")).contains(orders);
    assertThat(next.topicNames()).containsExactly("prices", "orders");
    assertThat(c.topic("prices")).contains(prices);
    assertThat(next.afterRecord("orders", 0, 5).topic("orders").orElseThrow().nextOffset(0))
        .isEqualTo(6);
    assertThat(c.afterRecord("prices", 0, Long.MAX_VALUE - 1).topic("prices").orElseThrow())
        .extracting(t -> t.nextOffset(0))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void afterRecordRejectsWhatCannotBeARecordOfThisCursor() {
    Cursor c = Cursor.of(List.of(prices));
    assertThatThrownBy(() -> c.afterRecord("orders", 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.afterRecord("prices", 2, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> c.afterRecord("prices", 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.afterRecord("prices", 0, Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hasValueEqualityThatRespectsOrder() {
    Cursor c = Cursor.of(List.of(prices, orders));
    assertThat(c).isEqualTo(Cursor.of(List.of(prices, orders)));
    assertThat(c).hasSameHashCodeAs(Cursor.of(List.of(prices, orders)));
    assertThat(c).isNotEqualTo(Cursor.of(List.of(orders, prices)));
    assertThat(c.afterRecord("prices", 0, 9)).isEqualTo(c);
    assertThat(c.afterRecord("prices", 0, 10)).isNotEqualTo(c);
    assertThat(c.toString()).contains("prices@00000001[0:10,1:20]", "orders@00000002[0:5]");
  }
}
