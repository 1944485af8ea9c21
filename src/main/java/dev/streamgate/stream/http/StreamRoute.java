package dev.streamgate.stream.http;

import dev.streamgate.problem.ProblemException;
import dev.streamgate.problem.Problems;
import dev.streamgate.security.Admission;
import dev.streamgate.security.Caller;
import dev.streamgate.security.Callers;
import dev.streamgate.security.MaxTopicsConfig;
import dev.streamgate.security.TopicAccess;
import dev.streamgate.stream.StreamConfig;
import dev.streamgate.stream.open.StreamOpener;
import dev.streamgate.stream.open.StreamRequest;
import dev.streamgate.stream.pod.PodWrites;
import dev.streamgate.stream.pod.StreamStats;
import dev.streamgate.wire.Format;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * {@code GET /streams/{topics}}: Kafka topics as Server-Sent Events (or NDJSON), resumable from any
 * event id on any pod. Validation and Kafka look-ups happen before the response starts, so every
 * refusal is a proper HTTP status with a problem body; after that, everything is said in-band.
 *
 * <p>Gates, cheapest first: connect rate (429, on the event loop), the pod's saturation (503 with
 * Retry-After, before a ticket is spent or Kafka asked, so a load balancer may retry elsewhere; the
 * open checks it again after taking its slot), then request syntax and the request's filter and
 * fields (400), token (401), topic access (403, 404 for internal topics), the caller's filter claim
 * (403) — all before Kafka is asked anything — then the topics' existence (404), the stream slots
 * (429) and each topic's selection groups (503).
 *
 * <p>Where: a stream whose open cannot block (no credential to verify, no filter to compile, topics
 * whose running readers answer its start) opens on its event loop, at once; every other one on the
 * open pool (a JWKS fetch, a Kafka look-up, a key table to wait for). In a reconnect storm, the
 * resumes are the first kind: on a loop busy delivering, a hop to the pool and back waited 100–500
 * ms in the loop's task queue behind the deliveries.
 *
 * <p>A plain Vert.x route rather than a Quarkus REST resource: a stream lives for minutes and its
 * per-request framework state lives as long, and every batch went through Quarkus REST's entity
 * serialisation (three copies and a header map per write). Here a stream costs the connection's own
 * objects and writes its batch to the socket as it is.
 */
@ApplicationScoped
public class StreamRoute {

  private final StreamOpener opener;
  private final Admission admission;
  private final Callers callers;
  private final TopicAccess access;
  private final StreamSelections selections;
  private final StreamStats stats;
  private final PodWrites writes;
  private final int maxTopics;
  private final WorkerExecutor openers;

  public StreamRoute(
      StreamOpener opener,
      Admission admission,
      Callers callers,
      TopicAccess access,
      StreamSelections selections,
      StreamStats stats,
      PodWrites writes,
      StreamConfig stream,
      MaxTopicsConfig topics,
      Vertx vertx) {
    this.opener = opener;
    this.admission = admission;
    this.callers = callers;
    this.access = access;
    this.selections = selections;
    this.stats = stats;
    this.writes = writes;
    this.maxTopics = topics.maxTopics();
    // Opening off the loop is short blocking work (a shared metadata request when the topics'
    // readers run, else Kafka's offsets, a JWKS fetch, a key table's build). A small pool of its
    // own, rather than the 200-thread default one: a connect storm queues here instead of growing
    // hundreds of threads whose stacks stay in the pod's memory.
    this.openers = vertx.createSharedWorkerExecutor("streamgate-open", stream.openThreads());
  }

  @PreDestroy
  void close() {
    openers.close();
  }

  void register(@Observes Router router) {
    router.get("/streams/:topics").handler(this::handle);
    // any other method on a stream path: 405 as problem JSON, like the JAX-RS endpoints
    router
        .route("/streams/:topics")
        .handler(
            ctx ->
                Problems.send(
                    ctx.response(),
                    new ProblemException(
                        405,
                        "Method Not Allowed",
                        "A stream is read with GET",
                        Map.of("Allow", "GET"))));
  }

  private void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String address;
    try {
      address = admission.admit(request);
      writes.admit();
    } catch (ProblemException refused) {
      Problems.send(ctx.response(), refused);
      return;
    }
    StreamRequest.Raw raw =
        new StreamRequest.Raw(
            ctx.pathParam("topics"),
            request.getHeader("Last-Event-ID"),
            request.getParam("lastEventId"),
            request.getParam("since"),
            request.getParam("from"),
            request.getParam("format"),
            request.params().getAll("key"),
            request.params().getAll("type"),
            request.getParam("filter"),
            request.getParam("fields"),
            request.getHeader("Accept"),
            request.getParam("conflate"));
    HttpServerResponse response = ctx.response();
    Opened now;
    try {
      now = openOnLoop(raw, request, address);
    } catch (RuntimeException refused) {
      Problems.send(response, refused);
      return;
    }
    if (now != null) {
      stats.openedOn(true);
      start(request, now);
      return;
    }
    openers
        .<Opened>executeBlocking(() -> open(raw, request, address), false)
        .onComplete(
            opened -> {
              if (opened.failed()) {
                Problems.send(response, opened.cause());
              } else {
                stats.openedOn(false);
                start(request, opened.result());
              }
            });
  }

  /**
   * The stream opened here on the event loop when nothing in its open can block: no credential to
   * verify (a token's key may have to be fetched, a ticket is redeemed against the pod's store), no
   * filter or fields to compile, and topics whose running readers answer the start ({@link
   * StreamOpener#openFromReaders}); else null, and the open pool opens it.
   */
  private Opened openOnLoop(StreamRequest.Raw raw, HttpServerRequest request, String address) {
    if (raw.filter() != null || raw.fields() != null || callers.mayVerify(request)) {
      return null;
    }
    Admitted admitted = admit(raw, request);
    return opener
        .openFromReaders(admitted.request(), address, admitted.caller())
        .map(frames -> new Opened(admitted.request().format(), frames))
        .orElse(null);
  }

  /** The open on the open pool: every gate, and Kafka when the readers cannot answer. */
  private Opened open(StreamRequest.Raw raw, HttpServerRequest request, String address) {
    Admitted admitted = admit(raw, request);
    return new Opened(
        admitted.request().format(), opener.open(admitted.request(), address, admitted.caller()));
  }

  /**
   * The request's gates before Kafka, in order: syntax and the request's own filter (400), the
   * caller (401), topic access (403/404), the caller's filter claim (403). Returns the request with
   * its selection. Blocks only where {@link Callers#mayVerify} says so.
   */
  private Admitted admit(StreamRequest.Raw raw, HttpServerRequest request) {
    StreamRequest parsed = StreamRequest.parse(raw, maxTopics);
    selections.request(parsed);
    Caller caller = callers.ofStream(request);
    access.checkRead(caller, parsed.match().names());
    StreamRequest selected =
        parsed.with(parsed.filter().with(selections.of(caller.filter(), parsed).orElse(null)));
    return new Admitted(selected, caller);
  }

  private record Admitted(StreamRequest request, Caller caller) {}

  private record Opened(Format format, Multi<Buffer> frames) {}

  private void start(HttpServerRequest request, Opened opened) {
    HttpServerResponse response = request.response();
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", opened.format().contentType())
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    // A MultiSubscriber subscribed directly: no adapter and no interceptor between the stream and
    // the socket, so a batch costs one onItem call.
    opened
        .frames()
        .subscribe()
        .withSubscriber(
            new ResponseWriter(request, ChunkChannel.of(request, response), stats::wroteDirect));
  }
}
