package dev.streamgate.stream.delivery;

import java.util.List;

/**
 * How far one stream has got, read on its event loop in one turn, so the numbers agree.
 *
 * @param events record events sent
 * @param bytes bytes handed to the connection
 * @param partitions per partition, the position, the pod's head and the lag
 */
public record StreamProgress(long events, long bytes, List<StreamPartition> partitions) {}
