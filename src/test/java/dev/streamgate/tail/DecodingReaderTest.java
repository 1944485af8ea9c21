package dev.streamgate.tail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.decode.DecodeError;
import dev.streamgate.decode.DecodeReason;
import dev.streamgate.decode.Decoded;
import dev.streamgate.decode.DecodedRecord;
import dev.streamgate.decode.Decoding;
import dev.streamgate.decode.RecordDecoder;
import dev.streamgate.decode.SchemaRef;
import dev.streamgate.decode.SchemaType;
import dev.streamgate.decode.TopicDecoder;
import dev.streamgate.select.Evaluations;
import dev.streamgate.select.FilterCompiler;
import dev.streamgate.select.SelectionCache;
import dev.streamgate.select.SelectionLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A topic's reader decodes each record once, as it enters the window: the entry holds the decoded
 * record, and every selection group and stream reads that one, whatever their number.
 */
class DecodingReaderTest {

  private static final SchemaRef VALUE = new SchemaRef(1, SchemaType.AVRO, "t-value", 1);

  private final AtomicInteger decodes = new AtomicInteger();
  private final List<DecodedRecord> failures = new ArrayList<>();

  /** Decodes a framed value {@code 0,0,0,0,1,n} to {@code {"n":n}}; id 2 is unknown. */
  private final TopicDecoder decoder =
      new TopicDecoder() {
        @Override
        public Decoding key(byte[] bytes) {
          return Decoding.AS_IS;
        }

        @Override
        public Decoding value(byte[] bytes) {
          decodes.incrementAndGet();
          if (bytes == null || bytes[0] != 0) {
            return Decoding.AS_IS;
          }
          if (bytes[4] == 2) {
            return new DecodeError(DecodeReason.UNKNOWN_SCHEMA, 2, "unknown");
          }
          String json = "{\"n\":" + bytes[5] + "}";
          return new Decoded(json.getBytes(StandardCharsets.UTF_8), VALUE);
        }
      };

  @Test
  void eachRecordIsDecodedOnceForTheWindowAndEverySelectionGroup() {
    CursorCodec codec = new CursorCodec(8192);
    TopicTail tail =
        TestTails.reader(
            TestTails.snapshot("t"),
            codec,
            100,
            TestTails::noConsumer,
            new RecordDecoder(decoder, failures::add));
    SelectionCache cache =
        new SelectionCache(new FilterCompiler(SelectionLimits.DEFAULTS), 8, new Evaluations());
    List<TopicSelections.Group> groups = new ArrayList<>();
    for (String filter : List.of("value.n > 1", "value.n == 3", "value.n < 3")) {
      groups.add(
          tail.selections()
              .join(
                  cache.of(Optional.empty(), Optional.of(filter), Optional.empty()).orElseThrow()));
    }
    List<ConsumerRecord<byte[], byte[]>> poll = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      poll.add(new ConsumerRecord<>("t", 0, n, null, new byte[] {0, 0, 0, 0, 1, (byte) n}));
    }
    poll.add(new ConsumerRecord<>("t", 0, 4, null, new byte[] {0, 0, 0, 0, 2, 0}));
    poll.add(new ConsumerRecord<>("t", 0, 5, null, "plain".getBytes(StandardCharsets.UTF_8)));
    tail.polled(poll, new long[] {6}, new double[] {0});

    assertThat(decodes.get()).as("one decode per record, not per group").isEqualTo(6);
    Window window = tail.window();
    List<WindowEntry> entries = new ArrayList<>();
    for (long seq = 0; seq < window.endSeq(); seq++) {
      entries.add(window.get(seq));
    }
    assertThat(new String(entries.get(3).record().value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"n\":3}");
    assertThat(((DecodedRecord) entries.get(3).record()).valueSchema()).isEqualTo(VALUE);
    assertThat(entries.get(5).record()).as("no framing: the record as read").isSameAs(poll.get(5));
    assertThat(((DecodedRecord) entries.get(4).record()).failure().part()).isEqualTo("value");
    assertThat(failures).hasSize(1);

    // each group's shared verdict was computed on the decoded value
    List<Boolean> passes = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      passes.add(groups.get(0).verdict(entries.get(n), null).passes());
    }
    assertThat(passes).containsExactly(false, false, true, true);
    assertThat(groups.get(1).verdict(entries.get(3), null).passes()).isTrue();
    // the undecodable record passes every filter (as its decode-error)
    assertThat(groups).allMatch(g -> g.verdict(entries.get(4), null).passes());
  }
}
