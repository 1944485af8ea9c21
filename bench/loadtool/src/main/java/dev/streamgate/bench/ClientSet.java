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
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * C long-lived SSE clients that stay open across the steps of the capacity scenario. A step is a
 * range of sequences per partition; each client judges it with its own {@link SeqChecker} and
 * counts an event of an earlier step as late, not as part of the step.
 *
 * <p>Threads: every client is pinned to one event loop, which owns its parser, checker and
 * completion flag; a step begins and ends at a client as a task run on its loop, so the main thread
 * reads a finished step's figures only after every loop handed them over. Latency goes to a
 * {@link Recorder} (many writers, one reader taking interval histograms).
 */
final class ClientSet implements AutoCloseable {

  private static final AttributeKey<Client> CLIENT = AttributeKey.valueOf("client");

  private final URI uri;
  private final String readyEvent;
  private final int sourceIps;
  private final NioEventLoopGroup group;
  private final List<EventLoop> loops = new ArrayList<>();
  private final List<List<Client>> byLoop = new ArrayList<>();
  private final List<Client> clients = new ArrayList<>();
  private final Semaphore permits;
  private final Recorder latency = new Recorder(3_600_000_000L, 3);
  private final SynchronizedHistogram connectHist = new SynchronizedHistogram(3_600_000_000L, 3);
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder late = new LongAdder();
  private final LongAdder unparsed = new LongAdder();
  private final LongAdder closes = new LongAdder();
  private final LongAdder complete = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> controlEvents = new ConcurrentHashMap<>();
  private volatile boolean closingAll;
  private volatile long lastDelivery;
  private volatile long[] stepFirst = new long[0];
  private volatile long[] stepLast = new long[0];

  ClientSet(URI uri, String readyOn, int threads, int sourceIps, int connectConcurrency) {
    this.uri = uri;
    this.readyEvent = readyOn.startsWith("event:") ? readyOn.substring(6) : null;
    this.sourceIps = Math.max(1, sourceIps);
    this.permits = new Semaphore(connectConcurrency);
    this.group = new NioEventLoopGroup(threads);
    for (EventExecutor e : group) {
      loops.add((EventLoop) e);
      byLoop.add(new ArrayList<>());
    }
  }

  /** One client: its channel changes when it is reopened, its loop does not. */
  private final class Client implements SseParser.Listener {
    final int idx;
    final EventLoop loop;
    final SseParser parser = new SseParser(this);
    final Payload.Fields fields = new Payload.Fields();
    final AtomicBoolean permitHeld = new AtomicBoolean();
    SeqChecker checker; // loop-owned; null between steps
    boolean stepComplete; // loop-owned
    volatile Channel ch;
    volatile boolean ready;
    volatile boolean everReady;
    volatile boolean failed;
    volatile long startedAt;
    int generation; // loop-owned once connected; bumped by the opener before connecting

    Client(int idx, EventLoop loop) {
      this.idx = idx;
      this.loop = loop;
    }

    @Override
    public void onEvent(byte[] event, int eventLen, byte[] data, int dataLen) {
      if (eventLen == 0 || (eventLen == 7 && new String(event, 0, 7, StandardCharsets.US_ASCII).equals("message"))) {
        if (!Payload.parse(data, dataLen, fields)) {
          unparsed.increment();
          return;
        }
        long now = System.nanoTime();
        deliveries.increment();
        lastDelivery = now;
        long[] first = stepFirst;
        long[] last = stepLast;
        int p = fields.p;
        SeqChecker k = checker;
        if (k == null || p < 0 || p >= first.length || fields.s < first[p]) {
          late.increment();
          return;
        }
        k.onEvent(p, fields.s);
        if (fields.hasT) {
          long micros = (now - fields.t) / 1000;
          if (micros >= 0 && micros < 3_600_000_000L) latency.recordValue(micros);
        }
        if (!stepComplete && fields.s >= last[p]) {
          for (int q = 0; q < last.length; q++) if (last[q] >= first[q] && k.last(q) < last[q]) return;
          stepComplete = true;
          complete.increment();
        }
      } else {
        String name = new String(event, 0, eventLen, StandardCharsets.UTF_8);
        controlEvents.computeIfAbsent(name, x -> new LongAdder()).increment();
        if (!ready && name.equals(readyEvent)) markReady(this);
      }
    }
  }

  private void markReady(Client c) {
    if (c.ready) return;
    c.ready = true;
    if (!c.everReady) {
      c.everReady = true;
      connectHist.recordValue(Math.max(0, (System.nanoTime() - c.startedAt) / 1000));
    }
    if (c.permitHeld.compareAndSet(true, false)) permits.release();
  }

  private void fail(Client c, String reason) {
    if (c.ready || c.failed) return;
    c.failed = true;
    errors.computeIfAbsent(reason, k -> new LongAdder()).increment();
    if (c.permitHeld.compareAndSet(true, false)) permits.release();
    Channel ch = c.ch;
    if (ch != null) ch.close();
  }

  private final class Handler extends SimpleChannelInboundHandler<HttpObject> {
    private final Client c;
    private final int gen;

    Handler(Client c) {
      this.c = c;
      this.gen = c.generation;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      String path = uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
      DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
      req.headers()
          .set(HttpHeaderNames.HOST, uri.getHost() + ":" + uri.getPort())
          .set(HttpHeaderNames.ACCEPT, "text/event-stream")
          .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
      ctx.writeAndFlush(req);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (c.generation != gen || c.failed) {
        ctx.close();
        return;
      }
      if (msg instanceof HttpResponse r) {
        if (r.status().code() != 200) {
          fail(c, "HTTP " + r.status().code());
          ctx.close();
          return;
        }
        if (readyEvent == null) markReady(c);
      }
      if (msg instanceof HttpContent hc) {
        ByteBuf b = hc.content();
        int n = b.readableBytes();
        if (n > 0) {
          if (b.hasArray()) {
            c.parser.feed(b.array(), b.arrayOffset() + b.readerIndex(), n);
          } else {
            byte[] tmp = new byte[n];
            b.getBytes(b.readerIndex(), tmp);
            c.parser.feed(tmp, 0, n);
          }
        }
        if (msg instanceof LastHttpContent) ctx.close(); // the server ended the stream
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (c.generation == gen && !c.ready) fail(c, shortError(cause));
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (c.generation != gen || closingAll) return;
      if (c.ready) {
        c.ready = false;
        closes.increment();
      } else if (!c.failed) {
        fail(c, "closed before ready");
      }
    }
  }

  private static String shortError(Throwable t) {
    String m = t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
    return m.length() > 160 ? m.substring(0, 160) : m;
  }

  private Bootstrap bootstrap(EventLoop loop) {
    return new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .option(ChannelOption.SO_LINGER, 0)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                Client c = ch.attr(CLIENT).get();
                ch.pipeline().addLast(new HttpClientCodec(16384, 16384, 65536), new Handler(c));
              }
            });
  }

  private void open(Client c) {
    c.failed = false;
    c.ready = false;
    c.startedAt = System.nanoTime();
    c.permitHeld.set(true);
    c.loop.execute(
        () -> {
          c.generation++; // the old channel's handler goes stale before the new one is built
          Channel old = c.ch;
          if (old != null) old.close();
          c.parser.resetStream();
          InetSocketAddress local = new InetSocketAddress("127.0.0." + (1 + (c.idx % sourceIps)), 0);
          bootstrap(c.loop)
              .attr(CLIENT, c)
              .connect(new InetSocketAddress(uri.getHost(), uri.getPort()), local)
              .addListener(
                  (ChannelFutureListener)
                      f -> {
                        if (f.isSuccess()) c.ch = f.channel();
                        else fail(c, shortError(f.cause()));
                      });
        });
  }

  /** Opens {@code n} clients (bounded concurrency) and waits until each is ready or failed. */
  int connect(int n, long deadline) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      int l = i % loops.size();
      Client c = new Client(i, loops.get(l));
      clients.add(c);
      byLoop.get(l).add(c);
    }
    return openWaiting(clients, deadline);
  }

  /** Reopens every client that is not open now (closed by the server, or never connected). */
  int reopen(long deadline) throws InterruptedException {
    List<Client> closed = new ArrayList<>();
    for (Client c : clients) if (!c.ready) closed.add(c);
    if (closed.isEmpty()) return 0;
    return openWaiting(closed, deadline);
  }

  private int openWaiting(List<Client> cs, long deadline) throws InterruptedException {
    int started = 0;
    for (Client c : cs) {
      boolean got = false;
      while (System.nanoTime() < deadline && !(got = permits.tryAcquire(100, TimeUnit.MILLISECONDS))) {}
      if (!got) {
        c.failed = true;
        errors.computeIfAbsent("not attempted: connect phase timed out", k -> new LongAdder()).increment();
        continue;
      }
      open(c);
      started++;
    }
    while (System.nanoTime() < deadline) {
      int done = 0;
      for (Client c : cs) if (c.ready || c.failed) done++;
      if (done >= cs.size()) break;
      Thread.sleep(50);
    }
    int ready = 0;
    for (Client c : cs) {
      if (c.ready) ready++;
      else if (!c.failed) fail(c, "not ready within the connect bound");
    }
    return ready;
  }

  /** Clients open now. */
  int open() {
    int n = 0;
    for (Client c : clients) if (c.ready) n++;
    return n;
  }

  /**
   * Starts a step: sequences {@code first[p]} .. {@code first[p]+count[p]-1} per partition. Returns
   * once every loop installed its clients' fresh checkers; deliveries before that count as late.
   */
  void beginStep(long[] first, long[] count) throws InterruptedException {
    long[] last = new long[first.length];
    for (int p = 0; p < first.length; p++) last[p] = first[p] + count[p] - 1;
    stepFirst = first.clone();
    stepLast = last;
    complete.reset();
    onEveryLoop(
        c -> {
          SeqChecker k = new SeqChecker();
          for (int p = 0; p < first.length; p++) k.expectFrom(p, first[p]);
          c.checker = k;
          c.stepComplete = false;
        });
    latency.getIntervalHistogram(); // discard what came in between steps
  }

  /** Clients that have every event of the current step. */
  long complete() {
    return complete.sum();
  }

  /**
   * Ends the step: every loop hands over its clients' checkers (later deliveries count as late).
   * Returns the tally over all C clients asked for; a client that is not open delivered nothing.
   */
  RangeTally endStep(long[] first, long[] count, Collection<long[]> unsent) throws InterruptedException {
    AtomicReference<RangeTally> sum = new AtomicReference<>(RangeTally.NONE);
    onEveryLoop(
        c -> {
          SeqChecker k = c.checker;
          c.checker = null;
          RangeTally t = RangeTally.of(k != null ? k : emptyChecker(first), first, count, unsent);
          sum.accumulateAndGet(t, RangeTally::plus);
        });
    return sum.get();
  }

  private static SeqChecker emptyChecker(long[] first) {
    SeqChecker k = new SeqChecker();
    for (int p = 0; p < first.length; p++) k.expectFrom(p, first[p]);
    return k;
  }

  /** Latency of the step's deliveries since {@link #beginStep}. */
  Histogram takeLatency() {
    return latency.getIntervalHistogram();
  }

  private void onEveryLoop(java.util.function.Consumer<Client> task) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(loops.size());
    for (int l = 0; l < loops.size(); l++) {
      List<Client> mine = byLoop.get(l);
      loops.get(l)
          .execute(
              () -> {
                try {
                  for (Client c : mine) task.accept(c);
                } finally {
                  done.countDown();
                }
              });
    }
    if (!done.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("event loops did not answer in 30 s");
  }

  long deliveries() {
    return deliveries.sum();
  }

  long late() {
    return late.sum();
  }

  long closes() {
    return closes.sum();
  }

  long unparsed() {
    return unparsed.sum();
  }

  long lastDelivery() {
    return lastDelivery;
  }

  Map<String, Object> connectMs() {
    return RunCommand.percentiles(connectHist);
  }

  Map<String, Long> controlEvents() {
    Map<String, Long> r = new LinkedHashMap<>();
    controlEvents.forEach((k, v) -> r.put(k, v.sum()));
    return r;
  }

  Map<String, Long> topErrors() {
    Map<String, Long> r = new LinkedHashMap<>();
    errors.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum()).reversed())
        .limit(6)
        .forEach(e -> r.put(e.getKey(), e.getValue().sum()));
    return r;
  }

  @Override
  public void close() throws InterruptedException {
    closingAll = true;
    for (Client c : clients) {
      c.failed = true; // no reopen, no more figures
      Channel ch = c.ch;
      if (ch != null) ch.close();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
  }
}
