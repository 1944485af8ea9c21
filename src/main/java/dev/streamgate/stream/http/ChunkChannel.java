package dev.streamgate.stream.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;
import java.util.Map;

/**
 * The one place of the write path below Vert.x's response: a stream's HTTP/1.1 connection as its
 * Netty channel, which takes batches already framed as chunks. Vert.x's public API has no door to
 * the channel (its connection's {@code channel()}), and a Vert.x buffer hands out only an
 * unreleasable view of its bytes ({@link #content} reads the buffer itself): both are Vert.x
 * internals, kept here.
 *
 * <p>A chunk enters the pipeline below Vert.x's HTTP encoder: the encoder would frame it again, and
 * its state stays "in a chunked body" from the head Vert.x wrote to the {@code 0} chunk Vert.x
 * writes on {@code end()}, so the response stays consistent for Vert.x. It skips only handlers that
 * are known to be safe to skip ({@link #of} refuses any other): Vert.x's connection handler (where
 * its writes start), the idle timer (reset here on every chunk, as a write through it would), the
 * chunked-file writer (idle during a stream) and the WebSocket extension handler (it reads only the
 * head of an upgrade). A compressor is not among them: with {@code quarkus.http.enable-compression}
 * the streams keep Vert.x's path. Each chunk is written with a void promise and flushed (one flush
 * per batch), and Netty releases it once the socket took it, or at once on a closed channel. The
 * channel's writability is Vert.x's: the response's drain handler still fires when a full channel
 * drains.
 *
 * <p>It also drops a stream's connection at once ({@link #abort}), with whatever it still has
 * queued: Vert.x 4's closes of an HTTP/1.1 connection ({@code response.reset()}, {@code
 * connection().close()}, even a close of its Netty channel, which Vert.x's handler in the pipeline
 * intercepts) write what is queued first and close after, which a client that stopped reading never
 * lets happen: its queued writes then held the pod's write memory until the client left.
 *
 * <p>Threads: the connection's event loop, where the stream's turns run.
 */
final class ChunkChannel {

  private final Channel channel;
  private final ChannelHandlerContext encoder;
  private final IdleStateHandler idle;
  private final ChannelPromise noPromise;

  private ChunkChannel(Channel channel, ChannelHandlerContext encoder, IdleStateHandler idle) {
    this.channel = channel;
    this.encoder = encoder;
    this.idle = idle;
    // failures go nowhere: a closed connection is seen by Vert.x's close handler
    this.noPromise = new VoidChannelPromise(channel, false);
  }

  /**
   * The channel under {@code request}'s connection when the response's chunks may be written to it
   * directly, else null and Vert.x's path: not HTTP/1.1 (HTTP/2 multiplexes streams on its own
   * frames, HTTP/1.0 has no chunks), a response not chunked or already started, no Vert.x
   * connection under it, or a handler below Vert.x's that changes what is written (a compressor).
   */
  static ChunkChannel of(HttpServerRequest request, HttpServerResponse response) {
    if (request.version() != HttpVersion.HTTP_1_1
        || !response.isChunked()
        || response.headWritten()
        || !(request.connection() instanceof ConnectionBase connection)) {
      return null;
    }
    ChannelPipeline pipeline = connection.channel().pipeline();
    ChannelHandlerContext encoder = pipeline.context(HttpResponseEncoder.class);
    if (encoder == null) {
      return null;
    }
    IdleStateHandler idle = null;
    boolean skipped = false;
    for (Map.Entry<String, ChannelHandler> entry : pipeline) {
      ChannelHandler handler = entry.getValue();
      if (handler == encoder.handler()) {
        skipped = true;
      } else if (skipped && handler instanceof ChannelOutboundHandler) {
        if (handler instanceof IdleStateHandler timer) {
          idle = timer;
        } else if (!(handler instanceof ChunkedWriteHandler
            || handler instanceof WebSocketServerExtensionHandler
            || handler instanceof VertxHandler)) {
          return null;
        }
      }
    }
    return new ChunkChannel(connection.channel(), encoder, idle);
  }

  /**
   * Writes one complete chunk and flushes it; the channel releases it. Must follow the response's
   * head on the wire (the head's write completed).
   */
  void write(ByteBuf chunk) {
    encoder.writeAndFlush(chunk, noPromise);
    if (idle != null) {
      // Vert.x's idle timeout counts a write when the socket takes it; flow control keeps at most
      // the channel's high-water mark between the two (then no chunk is written until it drains).
      idle.resetWriteTimeout();
    }
  }

  /** Whether the channel's outbound buffer is under its high-water mark. */
  boolean isWritable() {
    return channel.isWritable();
  }

  /**
   * The reference-counted buffer under {@code buffer}, or null if it is not Vert.x's own kind:
   * {@code getByteBuf()} returns an unreleasable view, so a write through Vert.x never releases it.
   */
  static ByteBuf content(Buffer buffer) {
    return buffer instanceof BufferImpl impl ? impl.byteBuf() : null;
  }

  /**
   * Closes the request's connection now (HTTP/1.x), or resets its stream (HTTP/2, whose connection
   * carries other streams).
   */
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
