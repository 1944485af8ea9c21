package dev.streamgate.tail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.select.Evaluations;
import dev.streamgate.select.FilterCompiler;
import dev.streamgate.select.Selection;
import dev.streamgate.select.SelectionCache;
import dev.streamgate.select.SelectionLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A topic's selections: evaluated once per record as it enters the window, whatever the number of
 * readers; bounded; slots reused without mixing verdicts; projected frames shared.
 */
class TopicSelectionsTest {

  private final Evaluations evaluations = new Evaluations();
  private final SelectionCache cache =
      new SelectionCache(new FilterCompiler(SelectionLimits.DEFAULTS), 64, evaluations);

  private Selection selection(String filter, String fields) {
    return cache
        .of(Optional.empty(), Optional.ofNullable(filter), Optional.ofNullable(fields))
        .orElseThrow();
  }

  private static ConsumerRecord<byte[], byte[]> quote(int offset, String symbol, double price) {
    String value = "{\"symbol\":\"" + symbol + "\",\"price\":" + price + ",\"venue\":\"X\"}";
    return new ConsumerRecord<>(
        "t",
        0,
        offset,
        "k".getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8));
  }

  private static WindowEntry append(
      Window window, TopicSelections selections, ConsumerRecord<byte[], byte[]> r) {
    return window.append(r, "id-" + r.offset(), selections.evaluate(r));
  }

  @Test
  void manyStreamsOfOneSelectionCostOneEvaluationPerRecord() {
    TopicSelections selections = new TopicSelections(8, "ce_type");
    Window window = new Window(new long[] {0}, 100, 1 << 20);
    List<TopicSelections.Group> streams = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      // the same selection spelt two ways: one group
      streams.add(
          selections.join(
              selection(i % 2 == 0 ? "value.price > 400.0" : "(value.price>400.0)", "symbol")));
    }
    assertThat(selections.size()).isEqualTo(1);
    List<WindowEntry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      entries.add(append(window, selections, quote(i, "ACME", i % 2 == 0 ? 401 : 399)));
    }
    assertThat(evaluations.shared()).isEqualTo(10);
    List<byte[]> frames = new ArrayList<>();
    for (TopicSelections.Group stream : streams) {
      for (WindowEntry entry : entries) {
        Selected verdict = stream.verdict(entry, null);
        assertThat(verdict.passes()).isEqualTo(entry.offset() % 2 == 0);
        if (verdict.passes()) {
          assertThat(new String(verdict.record().value())).isEqualTo("{\"symbol\":\"ACME\"}");
          frames.add(verdict.frame(0, v -> v.record().value().clone()));
        }
      }
    }
    assertThat(evaluations.shared()).isEqualTo(10);
    assertThat(evaluations.perStream()).isZero();
    // the frame of one record is one array for all 50 streams
    assertThat(frames).hasSize(50 * 5);
    assertThat(frames.get(0)).isSameAs(frames.get(5));
  }

  @Test
  void recordsOlderThanTheGroupAreEvaluatedByTheStreamItself() {
    TopicSelections selections = new TopicSelections(8, "ce_type");
    Window window = new Window(new long[] {0}, 100, 1 << 20);
    WindowEntry before = append(window, selections, quote(0, "ACME", 500));
    TopicSelections.Group group = selections.join(selection("value.symbol == 'ACME'", null));
    assertThat(group.verdict(before, null).passes()).isTrue();
    assertThat(evaluations.perStream()).isEqualTo(1);
    assertThat(evaluations.shared()).isZero();
  }

  @Test
  void theNumberOfSelectionsIsBoundedAndALeavingGroupFreesItsSlot() {
    TopicSelections selections = new TopicSelections(2, "ce_type");
    Window window = new Window(new long[] {0}, 100, 1 << 20);
    TopicSelections.Group a = selections.join(selection("offset >= 0", null));
    TopicSelections.Group b = selections.join(selection("offset < 0", null));
    assertThat(selections.join(selection("offset == 7", null))).isNull();
    assertThat(selections.join(selection("offset >= 0", null))).isSameAs(a);
    WindowEntry entry = append(window, selections, quote(0, "ACME", 1));
    selections.leave(a);
    assertThat(selections.size()).isEqualTo(2);
    selections.leave(a);
    assertThat(selections.size()).isEqualTo(1);
    // the freed slot goes to a new group, which never takes the old group's verdict as its own
    TopicSelections.Group c = selections.join(selection("offset == 7", null));
    assertThat(c).isNotNull();
    long before = evaluations.perStream();
    assertThat(c.verdict(entry, null).passes()).isFalse();
    assertThat(evaluations.perStream()).isEqualTo(before + 1);
    assertThat(b.verdict(entry, null).passes()).isFalse();
  }
}
