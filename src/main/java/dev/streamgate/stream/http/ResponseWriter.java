package dev.streamgate.stream.http;

import dev.streamgate.stream.delivery.ChunkedBatches;
import dev.streamgate.stream.delivery.StreamCut;
import io.netty.buffer.ByteBuf;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.Flow;

/**
 * Writes a stream's batches to its connection with flow control: the next batch is asked for at
 * once while the connection's write queue has room, else when it drains (the response's {@code
 * drainHandler}). So a connection holds at most its write queue's high-water mark (Netty's, 64 KiB)
 * plus one batch; a client that stops reading stops getting demand, and the stream's slow-client
 * rule ends it. Writes carry no promise, and take no second turn of the stream for the next demand.
 *
 * <p>Two paths. On an HTTP/1.1 connection ({@link ChunkChannel}) Vert.x writes the response's head
 * and, at the end, its {@code 0} chunk; in between every batch comes from the stream already framed
 * as a chunk, shared by the streams of the loop that write the same frames ({@link
 * ChunkedBatches}), and goes straight to the channel with one flush: no encoder, promise, idle
 * listener or chunk header per connection. The first batch is asked for once the head's write has
 * completed, so no chunk can pass it. Elsewhere (HTTP/2, or a compressor in the pipeline) each
 * batch goes through {@code response.write} and its buffer is released when the write completes
 * (Vert.x writes a view of it and never releases it).
 *
 * <p>Each batch holds one reference to a pooled direct join ({@code SharedJoin}) that counts
 * against the pod's write budget, on either path: a chunk's reference is Netty's once written to
 * the channel (released when the socket took it, or at once on a closed channel), a Vert.x write's
 * is given back here when the write completes or fails, or at once when the connection is already
 * closed. Before, Vert.x's unreleasable view kept every join ever written allocated (316 MiB after
 * 5,000 writes of 64 KiB, measured). A stream cut for the budget ({@link StreamCut}) drops its
 * connection with what it queued ({@link ChunkChannel#abort}).
 */
final class ResponseWriter implements MultiSubscriber<Buffer> {

  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final ChunkChannel channel;
  private final Path chosen;
  private Flow.Subscription subscription;
  private boolean direct;

  /** Which way a stream's batches went, reported once per stream. */
  interface Path {
    void chosen(boolean direct);
  }

  /**
   * @param channel the connection's channel for chunks, or null for Vert.x's path
   */
  ResponseWriter(HttpServerRequest request, ChunkChannel channel, Path chosen) {
    this.request = request;
    this.response = request.response();
    this.channel = channel;
    this.chosen = chosen;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (response.closed()) {
      // The client left while its stream was being opened (on the open pool, say): a close
      // handler set now would never run, and the stream would hold its slot and its readers
      // until the pod stops.
      s.cancel();
      return;
    }
    response.closeHandler(ignored -> s.cancel());
    response.drainHandler(ignored -> s.request(1));
    direct = channel != null && s instanceof ChunkedBatches;
    chosen.chosen(direct);
    if (direct) {
      ((ChunkedBatches) s).frameAsChunks();
      response
          .writeHead()
          .onComplete(
              head -> {
                if (head.succeeded()) {
                  s.request(1);
                } else {
                  s.cancel();
                }
              });
    } else {
      s.request(1);
    }
  }

  @Override
  public void onItem(Buffer batch) {
    ByteBuf frames = ChunkChannel.content(batch);
    if (direct) {
      channel.write(frames);
      if (channel.isWritable()) {
        subscription.request(1);
      }
      return;
    }
    if (response.closed()) {
      release(frames); // no write will release it now
      subscription.cancel();
      return;
    }
    response.write(batch, frames == null ? null : written -> frames.release());
    if (!response.writeQueueFull()) {
      subscription.request(1);
    }
  }

  private static void release(ByteBuf frames) {
    if (frames != null) {
      frames.release();
    }
  }

  @Override
  public void onFailure(Throwable failure) {
    if (failure instanceof StreamCut) {
      // cut to free what its connection queued: dropped, not flushed first
      ChunkChannel.abort(request);
    } else {
      response.reset();
    }
  }

  @Override
  public void onCompletion() {
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }
}
