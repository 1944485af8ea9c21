package dev.streamgate.stream.delivery;

/**
 * A stream whose batches can come already framed as HTTP/1.1 chunks. A writer that puts batches
 * straight on an HTTP/1.1 connection's channel (below Vert.x's response, whose encoder would frame
 * each write again) asks for this once, while it subscribes: each batch is then one complete chunk,
 * its size in hex, CRLF, the frames, CRLF, framed once per batch for all the streams of an event
 * loop that write the same frames. A writer that does not ask gets the frames alone.
 */
public interface ChunkedBatches {

  /** From the next batch on, every batch is one complete HTTP/1.1 chunk (call in onSubscribe). */
  void frameAsChunks();
}
