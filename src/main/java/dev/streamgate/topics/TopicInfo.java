package dev.streamgate.topics;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One entry of {@code GET /topics}; its field names are part of the public API.
 *
 * @param name the topic name
 * @param partitions every partition, in partition order
 */
@Schema(name = "Topic", description = "A topic and the retained range of each partition")
public record TopicInfo(
    @Schema(example = "demo.prices") String name, List<PartitionInfo> partitions) {

  /**
   * One partition's retained range.
   *
   * @param partition the partition number
   * @param earliest first retained offset (retention or deleteRecords move it forward)
   * @param latest next offset to be written (the last stable offset): {@code latest - earliest}
   *     records are retained
   */
  @Schema(name = "Partition")
  public record PartitionInfo(
      @Schema(example = "0") int partition,
      @Schema(description = "First retained offset", example = "0") long earliest,
      @Schema(description = "Next offset to be written (last stable offset)", example = "1234")
          long latest) {}
}
