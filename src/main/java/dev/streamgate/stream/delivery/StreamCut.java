package dev.streamgate.stream.delivery;

/**
 * The failure a stream ends with when it is cut rather than completed: it wrote nothing for the
 * slow-client timeout (its connection's queue full, or waiting for the write budget) while the pod
 * was short of write memory. A completed stream ends its response after what is queued, which a
 * connection that does not drain would hold; a cut one has its connection closed by the HTTP layer,
 * which gives the queued writes' memory back at once. The client resumes from the last complete
 * event it received.
 */
public final class StreamCut extends RuntimeException {

  StreamCut() {
    super("a slow client's stream was cut: the pod ran short of write memory", null, false, false);
  }
}
