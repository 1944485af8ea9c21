package dev.streamgate.conflate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConflatedPositionTest {

  @Test
  void theSkipRuleAndTheBatchEnd() {
    ConflatedPosition position = new ConflatedPosition(new long[] {5, 0});
    assertThat(position.covers(new long[] {5, 0})).isTrue();
    assertThat(position.at(new long[] {5, 0})).isTrue();
    assertThat(position.at(new long[] {5})).isTrue();
    assertThat(position.covers(new long[] {6, 0})).isFalse();
    assertThat(position.take(0, 4)).isFalse();
    assertThat(position.take(0, 7)).isTrue();
    assertThat(position.take(2, 0)).isTrue();
    assertThat(position.offsets()).containsExactly(8, 0, 1);
    position.end(new long[] {6, 3});
    assertThat(position.offsets()).containsExactly(8, 3, 1);
    assertThat(position.at(new long[] {8, 3})).isFalse();
  }

  /**
   * Why a resumed conflated stream reads on to the log end as of the resume before its first batch
   * ends. Partition 0 holds j@1, k@2, j@3; the batch sends k@2 (id: 3) then j@3. A client that
   * drops after k@2 holds k@2 but not j@1, and no offset vector describes that state: the fold up
   * to 3 has j@1. A pod that has read only up to 3 would end its first batch there with nothing to
   * send, and the client's j would be stale at a batch end. Read on to the log end (4), it sends
   * j@3 and the batch ends exact.
   */
  @Test
  void aResumeMustReadOnToTheHeadForItsFirstBatchToEndExact() {
    String[] keys = {"x", "j", "k", "j"};
    ConflatedPosition sending = new ConflatedPosition(new long[] {1});
    Map<String, Integer> client = new HashMap<>(Map.of("x", 0));
    assertThat(sending.take(0, 2)).isTrue();
    client.put("k", 2);
    long[] dropId = sending.offsets();
    assertThat(dropId).containsExactly(3);
    Map<String, Integer> foldAtDrop = Map.of("x", 0, "j", 1, "k", 2);
    assertThat(client).isNotEqualTo(foldAtDrop);

    ConflatedPosition resumed = new ConflatedPosition(dropId);
    for (int offset = 0; offset < keys.length; offset++) {
      if (resumed.take(0, offset)) {
        client.put(keys[offset], offset);
      }
    }
    resumed.end(new long[] {4});
    assertThat(client).isEqualTo(Map.of("x", 0, "j", 3, "k", 2));
  }
}
