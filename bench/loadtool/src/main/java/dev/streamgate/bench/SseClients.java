package dev.streamgate.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * The Netty side of the load tool's SSE clients, shared by {@code run} ({@link RunCommand}) and
 * {@code capacity} ({@link ClientSet}): one event loop group with every client pinned to one of its
 * loops (client i to loop i mod threads), connects bounded by permits (a client holds one from its
 * connect until it is ready or failed), each from a source address 127.0.0.1..N, a GET with {@code
 * Accept: text/event-stream} and, when the client has a resume id, {@code Last-Event-ID}. A non-200
 * answer fails the client; the body goes to the client's {@link SseParser}. A client is ready on the
 * response headers or on a named control event ({@code --ready-on event:<name>}); control events
 * are counted by name, HTTP statuses by code, failures by reason, the time to the first ready in a
 * histogram, a close by the server of a ready client as a close, and data that is not a bench
 * {@link Payload} as unparsed. What a client does with each payload is its subclass's ({@link
 * Client#onPayload}).
 *
 * <p>Threads: a client's connect, handler and parser run on its loop; its flags are volatile so the
 * main thread can wait on them. A client's {@code generation} is bumped on its loop before every
 * connect, so the handler of an earlier connection is stale and ignored.
 */
final class SseClients<C extends SseClients.Client> implements AutoCloseable {

  /** One client: survives reopens (its parser keeps the last event id, as EventSource does). */
  abstract static class Client implements SseParser.Listener {
    final int idx;
    final EventLoop loop;
    final SseParser parser = new SseParser(this);
    final Payload.Fields fields = new Payload.Fields();
    final AtomicBoolean permitHeld = new AtomicBoolean();
    private final SseClients<?> owner;
    volatile Channel ch;
    volatile boolean ready;
    volatile boolean everReady;
    volatile boolean failed;
    /** Closed on purpose: its close is not counted and does not fail it. Cleared by the next open. */
    volatile boolean closing;
    /** Left on purpose ({@link SseClients#leave}): never opened again, even by an open already queued. */
    volatile boolean left;
    volatile long startedAt;
    /** When it was first ready (System.nanoTime()); 0 until then. */
    volatile long readyAt;
    /** Sent as Last-Event-ID by the next open when set. */
    volatile String resumeId;
    int generation; // loop-owned

    Client(SseClients<?> owner, int idx) {
      this.owner = owner;
      this.idx = idx;
      this.loop = owner.loops.get(idx % owner.loops.size());
    }

    /**
     * A data event (type "message", or none) that is a bench payload, read into {@code f} (this
     * client's, reused), received at {@code now}; on the client's loop. Other data is counted as
     * unparsed.
     */
    abstract void onPayload(Payload.Fields f, long now);

    /** Ready again after a reopen (the first ready is the connect time), on the client's loop. */
    void onReadyAgain(long now) {}

    /** The server ended the response; the channel is closed right after, on the client's loop. */
    void onStreamEnd() {}

    /**
     * The client lost its stream without having asked to (the server ended it, the connection
     * dropped, or it was refused or could not connect), on the client's loop: {@code status} is
     * the refusal's HTTP status (0 otherwise) and {@code retryAfter} its Retry-After header, if
     * any. A client that reconnects by itself, as a browser does, schedules that here.
     */
    void onDisconnected(int status, String retryAfter) {}

    @Override
    public final void onEvent(byte[] event, int eventLen, byte[] data, int dataLen) {
      if (eventLen == 0 || isMessage(event, eventLen)) {
        if (!Payload.parse(data, dataLen, fields)) {
          owner.unparsed.increment();
          return;
        }
        onPayload(fields, System.nanoTime());
      } else {
        String name = new String(event, 0, eventLen, StandardCharsets.UTF_8);
        owner.controlEvents.computeIfAbsent(name, k -> new LongAdder()).increment();
        if (owner.readyEvent != null && !ready && name.equals(owner.readyEvent)) owner.markReady(this);
      }
    }
  }

  private final URI uri;
  private final IntFunction<String> targets;
  private final String readyEvent;
  private final int sourceIps;
  private final NioEventLoopGroup group;
  private final List<EventLoop> loops = new ArrayList<>();
  private final List<Bootstrap> bootstraps = new ArrayList<>();
  private final List<List<C>> byLoop = new ArrayList<>();
  private final List<C> clients = new ArrayList<>();
  private final Semaphore permits;
  private final SynchronizedHistogram connectHist = new SynchronizedHistogram(3_600_000_000L, 3);
  private final AtomicInteger readyCount = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final LongAdder closes = new LongAdder();
  private final LongAdder unparsed = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> controlEvents = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private boolean closed;

  /**
   * @param readyOn {@code headers} or {@code event:<name>}
   * @param sourceIps clients are spread over the source addresses 127.0.0.1..sourceIps
   */
  SseClients(URI uri, String readyOn, int threads, int sourceIps, int connectConcurrency) {
    this(uri, null, readyOn, threads, sourceIps, connectConcurrency);
  }

  /**
   * @param targets each client's request target (path and query) by its index, when clients ask
   *     for different things (a key each); null: every client asks for {@code uri}'s
   */
  SseClients(URI uri, IntFunction<String> targets, String readyOn, int threads, int sourceIps, int connectConcurrency) {
    this.uri = uri;
    this.targets = targets;
    this.readyEvent = readyOn.startsWith("event:") ? readyOn.substring(6) : null;
    this.sourceIps = Math.max(1, sourceIps);
    this.permits = new Semaphore(connectConcurrency);
    this.group = new NioEventLoopGroup(threads);
    for (EventExecutor e : group) {
      EventLoop loop = (EventLoop) e;
      loops.add(loop);
      bootstraps.add(
          new Bootstrap()
              .group(loop)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
              .option(ChannelOption.SO_LINGER, 0) // close = RST: no TIME_WAIT pile-up across runs
              .option(ChannelOption.TCP_NODELAY, true));
      byLoop.add(new ArrayList<>());
    }
  }

  /** Ready on the response headers, not on a control event. */
  boolean readyOnHeaders() {
    return readyEvent == null;
  }

  /** Adds a client (made with this as its owner); it is opened by {@link #open}. */
  C add(C c) {
    clients.add(c);
    byLoop.get(c.idx % loops.size()).add(c);
    return c;
  }

  List<C> clients() {
    return clients;
  }

  /** Takes a connect permit if one is free now (any thread, never waits). */
  boolean tryAcquire() {
    return permits.tryAcquire();
  }

  /** Takes a connect permit, waiting for one until the deadline; false if none came. */
  boolean acquire(long deadline) throws InterruptedException {
    boolean got = false;
    while (System.nanoTime() < deadline && !(got = permits.tryAcquire(100, TimeUnit.MILLISECONDS))) {}
    return got;
  }

  /** Connects the client (again), holding the permit the caller took with {@link #acquire}. */
  void open(Client c) {
    c.failed = false;
    c.ready = false;
    c.startedAt = System.nanoTime();
    c.permitHeld.set(true);
    c.loop.execute(
        () -> {
          if (c.left) { // it left after this open was asked for
            releasePermit(c);
            return;
          }
          c.generation++; // the old channel's handler goes stale before the new one is built
          c.closing = false;
          Channel old = c.ch;
          if (old != null) old.close();
          c.parser.resetStream();
          InetSocketAddress local = new InetSocketAddress("127.0.0." + (1 + (c.idx % sourceIps)), 0);
          bootstraps
              .get(c.idx % loops.size())
              .clone()
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline().addLast(new HttpClientCodec(16384, 16384, 65536), new Handler(c));
                    }
                  })
              .connect(new InetSocketAddress(uri.getHost(), uri.getPort()), local)
              .addListener(
                  (ChannelFutureListener)
                      f -> {
                        if (f.isSuccess()) {
                          c.ch = f.channel();
                          if (c.closing || c.left) f.channel().close(); // it left while connecting
                        } else {
                          fail(c, shortError(f.cause()));
                          c.onDisconnected(0, null);
                        }
                      });
        });
  }

  /**
   * Opens every client of {@code cs} (each takes a connect permit, waiting until the deadline; one
   * that gets none is failed as not attempted), then waits until each is ready or failed, and fails
   * those still neither at the deadline. Returns how many are ready.
   */
  int openAll(List<C> cs, long deadline) throws InterruptedException {
    for (C c : cs) {
      if (!acquire(deadline)) {
        c.failed = true;
        error("not attempted: connect phase timed out", 1);
        continue;
      }
      open(c);
    }
    while (System.nanoTime() < deadline) {
      int done = 0;
      for (C c : cs) if (c.ready || c.failed) done++;
      if (done >= cs.size()) break;
      Thread.sleep(50);
    }
    int ready = 0;
    for (C c : cs) {
      if (c.ready) ready++;
      else if (!c.failed) fail(c, "not ready within the connect bound");
    }
    return ready;
  }

  void markReady(Client c) {
    if (c.ready) return;
    c.ready = true;
    long now = System.nanoTime();
    if (!c.everReady) {
      c.everReady = true;
      c.readyAt = now;
      readyCount.incrementAndGet();
      connectHist.recordValue(Math.max(0, (now - c.startedAt) / 1000));
    } else {
      c.onReadyAgain(now);
    }
    releasePermit(c);
  }

  /** Fails a client that is neither ready nor failed: counts the reason, frees its permit, closes it. */
  void fail(Client c, String reason) {
    if (c.ready || c.failed) return;
    c.failed = true;
    failures.incrementAndGet();
    error(reason, 1);
    releasePermit(c);
    Channel ch = c.ch;
    if (ch != null) ch.close();
  }

  private void releasePermit(Client c) {
    if (c.permitHeld.compareAndSet(true, false)) permits.release();
  }

  /**
   * The client leaves on purpose (not counted): no more figures from this connection, its connect
   * permit given back if it held one, its channel closed (or closed once it connects).
   */
  void leave(Client c) {
    c.left = true;
    c.closing = true;
    releasePermit(c);
    Channel ch = c.ch;
    if (ch != null) ch.close();
  }

  /** Counts {@code n} clients that failed for {@code reason} outside {@link #fail}. */
  void error(String reason, long n) {
    errors.computeIfAbsent(reason, k -> new LongAdder()).add(n);
  }

  /** Counts a close by the server that a client noticed itself (see {@link Client#onStreamEnd}). */
  void countClose() {
    closes.increment();
  }

  /** Runs the task for every client on its own loop; returns when every loop has run it. */
  void onEveryLoop(Consumer<C> task) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(loops.size());
    for (int l = 0; l < loops.size(); l++) {
      List<C> mine = byLoop.get(l);
      loops.get(l)
          .execute(
              () -> {
                try {
                  for (C c : mine) task.accept(c);
                } finally {
                  done.countDown();
                }
              });
    }
    if (!done.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("event loops did not answer in 30 s");
  }

  private final class Handler extends SimpleChannelInboundHandler<HttpObject> {
    private final Client c;
    private final int gen;

    Handler(Client c) {
      this.c = c;
      this.gen = c.generation;
    }

    private boolean stale() {
      return c.generation != gen;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      String path = targets != null
          ? targets.apply(c.idx)
          : uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
      DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
      req.headers()
          .set(HttpHeaderNames.HOST, uri.getHost() + ":" + uri.getPort())
          .set(HttpHeaderNames.ACCEPT, "text/event-stream")
          .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
      String id = c.resumeId;
      if (id != null) req.headers().set("Last-Event-ID", id);
      ctx.writeAndFlush(req);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (stale() || c.failed) { // the rest of a refused (non-200) response is not a stream
        ctx.close();
        return;
      }
      if (msg instanceof HttpResponse r) {
        int code = r.status().code();
        statuses.computeIfAbsent(code, k -> new LongAdder()).increment();
        if (code != 200) {
          fail(c, "HTTP " + code);
          ctx.close();
          c.onDisconnected(code, r.headers().get("Retry-After"));
          return;
        }
        if (readyEvent == null) markReady(c);
      }
      if (msg instanceof HttpContent hc) {
        ByteBuf b = hc.content();
        int n = b.readableBytes();
        bytes.add(n);
        if (n > 0) {
          if (b.hasArray()) {
            c.parser.feed(b.array(), b.arrayOffset() + b.readerIndex(), n);
          } else {
            byte[] tmp = new byte[n];
            b.getBytes(b.readerIndex(), tmp);
            c.parser.feed(tmp, 0, n);
          }
        }
        if (msg instanceof LastHttpContent) { // the server ended the stream
          boolean asked = c.closing || c.left;
          c.onStreamEnd();
          ctx.close();
          if (!asked) c.onDisconnected(0, null);
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!stale() && !c.closing && !c.left && !c.ready && !c.failed) {
        fail(c, shortError(cause));
        c.onDisconnected(0, null);
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (stale() || c.closing || c.left) return;
      if (c.ready) {
        c.ready = false;
        closes.increment();
        c.onDisconnected(0, null);
      } else if (!c.failed) {
        fail(c, "closed before ready");
        c.onDisconnected(0, null);
      }
    }
  }

  static boolean isMessage(byte[] e, int len) {
    return len == 7
        && e[0] == 'm' && e[1] == 'e' && e[2] == 's' && e[3] == 's' && e[4] == 'a' && e[5] == 'g' && e[6] == 'e';
  }

  static String shortError(Throwable t) {
    String m = t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
    return m.length() > 160 ? m.substring(0, 160) : m;
  }

  /** Clients ready at least once. */
  int readyCount() {
    return readyCount.get();
  }

  /** Clients failed (each failure of a client that was reopened counts again). */
  int failures() {
    return failures.get();
  }

  /** Data events that were not a bench payload. */
  long unparsed() {
    return unparsed.sum();
  }

  /** Bytes of response bodies received, by every client (HTTP chunk framing excluded). */
  long bytes() {
    return bytes.sum();
  }

  /** Closes by the server of a ready client. */
  long closes() {
    return closes.sum();
  }

  /** Time to the first ready, p50/p99/p99.9/max ms. */
  Map<String, Object> connectMs() {
    return ResultLine.percentiles(connectHist);
  }

  Map<String, Long> controlEvents() {
    Map<String, Long> r = new LinkedHashMap<>();
    controlEvents.forEach((k, v) -> r.put(k, v.sum()));
    return r;
  }

  Map<String, Long> statuses() {
    return statuses.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().sum()));
  }

  /** The six most frequent failure reasons. */
  Map<String, Long> topErrors() {
    Map<String, Long> r = new LinkedHashMap<>();
    errors.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum()).reversed())
        .limit(6)
        .forEach(e -> r.put(e.getKey(), e.getValue().sum()));
    return r;
  }

  /** Closes every client (on purpose: not counted), then the loops. */
  @Override
  public void close() throws InterruptedException {
    close(c -> {});
  }

  /**
   * Closes every client after marking all of them closing and running {@code each} on them, then
   * stops the loops (bounded). A second call does nothing.
   */
  void close(Consumer<C> each) throws InterruptedException {
    if (closed) return;
    closed = true;
    for (C c : clients) {
      c.closing = true;
      each.accept(c);
    }
    for (C c : clients) {
      Channel ch = c.ch;
      if (ch != null) ch.close();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
  }
}
