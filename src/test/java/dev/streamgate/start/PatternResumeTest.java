package dev.streamgate.start;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PatternResumeTest {

  private static final StartPlanner.Fallback LATEST =
      new StartPlanner.Fallback() {
        @Override
        public String origin() {
          return "latest";
        }

        @Override
        public long[] offsets(TopicSnapshot topic) {
          return topic.latest();
        }
      };

  private static final TopicSnapshot A =
      new TopicSnapshot("orders.a", 1, new long[] {0, 0}, new long[] {10, 20});
  private static final TopicSnapshot B =
      new TopicSnapshot("orders.b", 2, new long[] {3}, new long[] {9});

  private static Map<String, TopicSnapshot> topics(TopicSnapshot... snapshots) {
    Map<String, TopicSnapshot> map = new LinkedHashMap<>();
    for (TopicSnapshot s : snapshots) {
      map.put(s.topic(), s);
    }
    return map;
  }

  private static Optional<CursorDecoding> id(TopicPosition... positions) {
    return Optional.of(new CursorDecoding.Valid(Cursor.of(List.of(positions))));
  }

  @Test
  void topicsOfTheIdResumeAndTopicsNewSinceItStartAtTheirStart() {
    StartPlan plan =
        PatternResume.plan(
            topics(A, B), id(new TopicPosition("orders.a", 1, new long[] {4, 7})), LATEST);
    assertThat(plan.start().topic("orders.a").orElseThrow().nextOffsets()).containsExactly(4, 7);
    assertThat(plan.start().topic("orders.b").orElseThrow().nextOffsets()).containsExactly(3);
    assertThat(plan.origins())
        .containsEntry("orders.a", "resume")
        .containsEntry("orders.b", "earliest");
    assertThat(plan.resets()).isEmpty();
  }

  @Test
  void aTopicThatLeftIsAResetOfThatTopicAlone() {
    StartPlan plan =
        PatternResume.plan(
            topics(A),
            id(
                new TopicPosition("orders.a", 1, new long[] {4, 7}),
                new TopicPosition("orders.gone", 5, new long[] {1})),
            LATEST);
    assertThat(plan.start().topicNames()).containsExactly("orders.a");
    assertThat(plan.start().topic("orders.a").orElseThrow().nextOffsets()).containsExactly(4, 7);
    assertThat(plan.resets())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo("topic-left");
              assertThat(r.topics()).containsExactly("orders.gone");
            });
  }

  @Test
  void aRecreatedTopicIsReadFromItsStartWithAReset() {
    StartPlan plan =
        PatternResume.plan(
            topics(A, B),
            id(
                new TopicPosition("orders.a", 1, new long[] {4, 7}),
                new TopicPosition("orders.b", 99, new long[] {8})),
            LATEST);
    assertThat(plan.start().topic("orders.b").orElseThrow().nextOffsets()).containsExactly(3);
    assertThat(plan.start().topic("orders.b").orElseThrow().fingerprint()).isEqualTo(2);
    assertThat(plan.origins()).containsEntry("orders.b", "earliest");
    assertThat(plan.resets())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo("topic-recreated");
              assertThat(r.topics()).containsExactly("orders.b");
            });
  }

  @Test
  void anIdOfOtherTopicsIsAResetOfTheWholeStream() {
    StartPlan plan =
        PatternResume.plan(topics(A), id(new TopicPosition("prices", 1, new long[] {4})), LATEST);
    assertThat(plan.origins()).containsEntry("orders.a", "latest");
    assertThat(plan.resets())
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo("other-topics"));
  }
}
