package dev.streamgate.stream.pod;

import dev.streamgate.stream.delivery.RecordFilter;
import java.util.List;
import java.util.Optional;

/**
 * What is known of a stream when it opens and never changes: who asked, from where, for what.
 *
 * @param subject the caller's token subject, if any
 * @param address the client address
 * @param topics the stream's topics, in request order
 * @param filter its key and type filters
 * @param format its wire format, lower case
 */
public record StreamTag(
    Optional<String> subject,
    String address,
    List<String> topics,
    RecordFilter filter,
    String format) {}
