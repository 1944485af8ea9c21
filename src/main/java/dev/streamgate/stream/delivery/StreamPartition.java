package dev.streamgate.stream.delivery;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One partition of one of a stream's topics, as its stream reports it on its event loop ({@code GET
 * /admin/streams} lists it).
 *
 * @param topic the topic
 * @param partition the partition
 * @param position the next offset the stream delivers
 * @param head the next offset this pod's reader of the topic fetches (what the pod has read)
 * @param lag {@code head - position}: records this pod has that the client has not been sent
 */
@Schema(name = "StreamPartition")
public record StreamPartition(String topic, int partition, long position, long head, long lag) {}
