package dev.streamgate.stream.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Drops a stream's connection at once, with whatever it still has queued: the one place in the edge
 * that uses Vert.x internal API. Vert.x 4's closes of an HTTP/1.1 connection ({@code
 * response.reset()}, {@code connection().close()}, even a close of its Netty channel, which Vert.x'
 * handler in the pipeline intercepts) write what is queued first and close after, which a client
 * that stopped reading never lets happen: its queued writes then held the pod's write memory until
 * the client left. An HTTP/2 stream is reset instead (the connection carries other streams).
 */
final class Connections {

  private Connections() {}

  /** Closes the request's connection now (HTTP/1.x), or resets its stream (HTTP/2). */
  static void abort(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      request.response().reset();
    } else {
      // from the pipeline's first handler: a close from its end passes through Vert.x's handler,
      // which flushes first
      ((ConnectionBase) request.connection()).channel().pipeline().firstContext().close();
    }
  }
}
