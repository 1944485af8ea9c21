package dev.streamgate.stream.http;

import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.Flow;

/**
 * Writes a stream's batches to the response with Vert.x flow control: the next batch is asked for
 * at once while the connection's write queue has room ({@code writeQueueFull()}), else when it
 * drains ({@code drainHandler}). So a connection holds at most its write queue's high-water mark
 * (Netty's, 64 KiB) plus one batch; a client that stops reading stops getting demand, and the
 * stream's slow-client rule ends it. Writes carry no completion handler: no promise and no listener
 * per write, and no second turn of the stream per write to take the next demand.
 */
final class ResponseWriter implements MultiSubscriber<Buffer> {

  private final HttpServerResponse response;
  private Flow.Subscription subscription;

  ResponseWriter(HttpServerResponse response) {
    this.response = response;
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
    s.request(1);
  }

  @Override
  public void onItem(Buffer batch) {
    if (response.closed()) {
      batch.getByteBuf().release(); // the batch's reference, which no write will release now
      subscription.cancel();
      return;
    }
    response.write(batch, null);
    if (!response.writeQueueFull()) {
      subscription.request(1);
    }
  }

  @Override
  public void onFailure(Throwable failure) {
    response.reset();
  }

  @Override
  public void onCompletion() {
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }
}
