package dev.streamgate.stream.pod;

import dev.streamgate.stream.delivery.StreamPartition;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One open stream as {@code GET /admin/streams} lists it: who opened it, what it reads and how far
 * it has got. Its counters and positions were read on the stream's own event loop.
 *
 * @param id the stream's id on this pod, for {@code DELETE /admin/streams/{id}}
 * @param subject the token's subject; null for a stream opened without a token
 * @param address the client address (through trusted proxies)
 * @param topics the stream's topics, in request order
 * @param filters the {@code key} and {@code type} filters and the selection (none: empty, null)
 * @param format {@code raw}, {@code envelope} or {@code ndjson}
 * @param openedAt when the stream opened (ISO-8601)
 * @param events record events sent so far
 * @param bytes bytes handed to the connection so far
 * @param partitions the position and lag of every partition of every topic
 */
@Schema(name = "OpenStream", description = "A stream open on the pod that answered")
public record StreamView(
    String id,
    String subject,
    String address,
    List<String> topics,
    Filters filters,
    String format,
    String openedAt,
    long events,
    long bytes,
    List<StreamPartition> partitions) {

  /**
   * The stream's filters, sorted.
   *
   * @param keys record keys it delivers (empty: every key)
   * @param types event types it delivers (empty: every type)
   * @param selection the CEL filters it carries, the caller's claim and the request's ANDed and
   *     normalised, then its {@code fields}, as the pod groups streams; null when it has none
   */
  @Schema(name = "StreamFilters")
  public record Filters(List<String> keys, List<String> types, String selection) {}
}
