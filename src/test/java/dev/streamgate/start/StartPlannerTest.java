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

class StartPlannerTest {

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

  private static final TopicSnapshot PRICES =
      new TopicSnapshot("prices", 42, new long[] {0, 5}, new long[] {10, 20});

  @Test
  void withoutIdEveryTopicStartsAtTheFallback() {
    StartPlan plan = StartPlanner.plan(topics(PRICES), Optional.empty(), LATEST);
    assertThat(plan.start().topic("prices").orElseThrow().nextOffsets()).containsExactly(10, 20);
    assertThat(plan.origins()).containsEntry("prices", "latest");
    assertThat(plan.resets()).isEmpty();
    assertThat(plan.gaps()).isEmpty();
  }

  @Test
  void validIdResumesExactly() {
    StartPlan plan =
        StartPlanner.plan(
            topics(PRICES), id(new TopicPosition("prices", 42, new long[] {3, 7})), LATEST);
    assertThat(plan.start().topic("prices").orElseThrow().nextOffsets()).containsExactly(3, 7);
    assertThat(plan.origins()).containsEntry("prices", "resume");
  }

  @Test
  void deletedPositionsBecomeGapsWithExactCounts() {
    StartPlan plan =
        StartPlanner.plan(
            topics(PRICES), id(new TopicPosition("prices", 42, new long[] {0, 2})), LATEST);
    assertThat(plan.start().topic("prices").orElseThrow().nextOffsets()).containsExactly(0, 5);
    assertThat(plan.gaps()).containsExactly(new StartPlan.Gap("prices", 1, 2, 5));
    assertThat(plan.gaps().get(0).lost()).isEqualTo(3);
  }

  @Test
  void partitionsAddedSinceTheIdStartFromTheirBeginning() {
    TopicSnapshot grown =
        new TopicSnapshot("prices", 42, new long[] {0, 5, 0}, new long[] {10, 20, 4});
    StartPlan plan =
        StartPlanner.plan(
            topics(grown), id(new TopicPosition("prices", 42, new long[] {9, 19})), LATEST);
    assertThat(plan.start().topic("prices").orElseThrow().nextOffsets()).containsExactly(9, 19, 0);
    assertThat(plan.resets()).isEmpty();
  }

  @Test
  void recreatedTopicIsResetOthersResume() {
    TopicSnapshot other = new TopicSnapshot("trades", 7, new long[] {0}, new long[] {100});
    StartPlan plan =
        StartPlanner.plan(
            topics(PRICES, other),
            id(
                new TopicPosition("prices", 41, new long[] {3, 7}),
                new TopicPosition("trades", 7, new long[] {50})),
            LATEST);
    assertThat(plan.resets())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo("topic-recreated");
              assertThat(r.topics()).containsExactly("prices");
            });
    assertThat(plan.start().topic("prices").orElseThrow().nextOffsets()).containsExactly(10, 20);
    assertThat(plan.start().topic("trades").orElseThrow().nextOffsets()).containsExactly(50);
  }

  @Test
  void idAheadOfTheLogIsReset() {
    StartPlan plan =
        StartPlanner.plan(
            topics(PRICES), id(new TopicPosition("prices", 42, new long[] {11, 7})), LATEST);
    assertThat(plan.resets()).extracting(StartPlan.Reset::reason).containsExactly("ahead-of-log");
    assertThat(plan.origins()).containsEntry("prices", "latest");
  }

  @Test
  void idForOtherTopicsOrUnreadableIsReset() {
    StartPlan other =
        StartPlanner.plan(
            topics(PRICES), id(new TopicPosition("trades", 42, new long[] {1})), LATEST);
    assertThat(other.resets()).extracting(StartPlan.Reset::reason).containsExactly("other-topics");
    StartPlan unreadable =
        StartPlanner.plan(
            topics(PRICES), Optional.of(new CursorDecoding.Invalid("truncated")), LATEST);
    assertThat(unreadable.resets())
        .extracting(StartPlan.Reset::reason)
        .containsExactly("unreadable-id");
    assertThat(unreadable.resets().get(0).detail()).contains("truncated");
  }

  private static final StartPlanner.Fallback SNAPSHOT =
      new StartPlanner.Fallback() {
        @Override
        public String origin() {
          return StartPlanner.SNAPSHOT;
        }

        @Override
        public long[] offsets(TopicSnapshot topic) {
          return topic.latest();
        }
      };

  @Test
  void aSnapshotIdStartsANewSnapshotWithoutAReset() {
    Optional<CursorDecoding> id =
        Optional.of(
            new CursorDecoding.InSnapshot(
                Cursor.of(List.of(new TopicPosition("prices", 42, new long[] {1, 1})))));
    StartPlan plan = StartPlanner.plan(topics(PRICES), id, SNAPSHOT);
    assertThat(plan.resets()).isEmpty();
    assertThat(plan.origins()).containsEntry("prices", StartPlanner.SNAPSHOT);
  }

  @Test
  void aSnapshotIdWithoutFromSnapshotIsAReset() {
    Optional<CursorDecoding> id =
        Optional.of(
            new CursorDecoding.InSnapshot(
                Cursor.of(List.of(new TopicPosition("prices", 42, new long[] {1, 1})))));
    StartPlan plan = StartPlanner.plan(topics(PRICES), id, LATEST);
    assertThat(plan.resets())
        .extracting(StartPlan.Reset::reason)
        .containsExactly("snapshot-interrupted");
    assertThat(plan.origins()).containsEntry("prices", "latest");
  }
}
