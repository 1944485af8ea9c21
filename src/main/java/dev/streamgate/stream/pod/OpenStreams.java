package dev.streamgate.stream.pod;

import dev.streamgate.stream.StreamConfig;
import dev.streamgate.stream.delivery.RunningStream;
import dev.streamgate.stream.delivery.StreamProgress;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The streams open on this pod, for the admin API: list them, close one or a subject's. Bounded by
 * {@code streamgate.stream.max-streams}: a stream is here only while it holds one of the pod's
 * stream slots ({@link StreamSlots}), registered when it is subscribed and removed when it ends.
 *
 * <p>Threads: the map is concurrent; what a stream reports ({@link RunningStream#inspect}) and its
 * revocation ({@link RunningStream#revoke}) are answered on the stream's own event loop, so this
 * class never touches a stream's state.
 */
@ApplicationScoped
public class OpenStreams {

  /** One open stream: its id, what it was opened with, when, and the stream. */
  private record Entry(String id, StreamTag tag, Instant openedAt, RunningStream stream) {}

  private static final Base64.Encoder IDS = Base64.getUrlEncoder().withoutPadding();

  private final Map<String, Entry> streams = new ConcurrentHashMap<>();
  private final long closeWaitMillis;

  public OpenStreams(StreamConfig stream) {
    // A revoked stream ends at its next turn, or, when its client has not taken its last write,
    // once that write has been pending for slow-client-timeout (the clock checks every 250 ms).
    this.closeWaitMillis = stream.slowClientTimeout().plusSeconds(1).toMillis();
  }

  /** Registers a subscribed stream; returns its id, unique on this pod (12 URL-safe characters). */
  String register(StreamTag tag, RunningStream stream) {
    while (true) {
      byte[] random = new byte[9];
      ThreadLocalRandom.current().nextBytes(random);
      String id = IDS.encodeToString(random);
      if (streams.putIfAbsent(id, new Entry(id, tag, Instant.now(), stream)) == null) {
        return id;
      }
    }
  }

  void unregister(String id) {
    streams.remove(id);
  }

  /** How long a close waits at most for the revoked streams to end. */
  public Duration closeWait() {
    return Duration.ofMillis(closeWaitMillis);
  }

  /**
   * Every open stream, oldest first, each read on its own event loop; put together on {@code where}
   * (never on a stream's loop). Streams that end meanwhile are left out.
   */
  public CompletionStage<List<StreamView>> list(Executor where) {
    List<Entry> entries = new ArrayList<>(streams.values());
    entries.sort(Comparator.comparing(Entry::openedAt).thenComparing(Entry::id));
    List<CompletableFuture<StreamView>> views = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      views.add(entry.stream().inspect().thenApply(p -> p == null ? null : view(entry, p)));
    }
    return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
        .thenApplyAsync(
            ignored ->
                views.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList(),
            where);
  }

  /**
   * Closes stream {@code id} after a {@code revoked} event; empty when no such stream is open here.
   * The answer, 1 or 0, is whether it ended by this revocation within {@link #closeWait()}.
   */
  public Optional<CompletionStage<Integer>> revoke(String id, String reason) {
    Entry entry = streams.get(id);
    return entry == null ? Optional.empty() : Optional.of(closed(List.of(entry), reason));
  }

  /**
   * Closes every stream of {@code subject} after a {@code revoked} event; the answer is how many
   * ended by this revocation within {@link #closeWait()} (0 when the subject has none here).
   */
  public CompletionStage<Integer> revokeSubject(String subject, String reason) {
    List<Entry> matching =
        streams.values().stream()
            .filter(e -> e.tag().subject().filter(subject::equals).isPresent())
            .toList();
    return closed(matching, reason);
  }

  private CompletionStage<Integer> closed(List<Entry> entries, String reason) {
    List<CompletableFuture<Boolean>> closes = new ArrayList<>();
    for (Entry entry : entries) {
      // copy(): a timeout here must not complete the stream's own answer, shared by other calls
      closes.add(
          entry.stream()
              .revoke(reason)
              .copy()
              .completeOnTimeout(false, closeWaitMillis, TimeUnit.MILLISECONDS));
    }
    return CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> (int) closes.stream().filter(CompletableFuture::join).count());
  }

  private static StreamView view(Entry entry, StreamProgress progress) {
    StreamTag tag = entry.tag();
    return new StreamView(
        entry.id(),
        tag.subject().orElse(null),
        tag.address(),
        tag.topics(),
        new StreamView.Filters(
            tag.filter().keys().stream().sorted().toList(),
            tag.filter().types().stream().sorted().toList(),
            tag.filter().selection() == null ? null : tag.filter().selection().key()),
        tag.format(),
        entry.openedAt().toString(),
        progress.events(),
        progress.bytes(),
        progress.partitions());
  }
}
