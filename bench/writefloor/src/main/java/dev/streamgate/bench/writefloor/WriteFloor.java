package dev.streamgate.bench.writefloor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bench's write floor: the least a server can do to serve the scenario's events as SSE to C
 * connections on this kernel. It reads the scenario's topic with one plain consumer (as the
 * kafka-floor and Streamgate's topic reader do), encodes each poll's records once as one HTTP/1.1
 * chunk of SSE frames, and writes that same chunk to every connection, one write and one flush
 * per connection per poll, from the connection's own event loop. No HTTP logic beyond reading a
 * request head and answering a fixed response head; a {@code key=} query parameter subscribes a
 * connection to one record key only (the {@code ls-keys} shape). No flow control: a client that
 * does not keep up grows its queue (the sequence checks of the load tool show it).
 *
 * <pre>java -jar writefloor.jar --port 18096 --bootstrap 127.0.0.1:19092 --topic t [--threads N]</pre>
 */
public final class WriteFloor {

  private WriteFloor() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int port = Integer.parseInt(options.getOrDefault("port", "18096"));
    String bootstrap = options.getOrDefault("bootstrap", "127.0.0.1:19092");
    String topic = options.get("topic");
    if (topic == null) {
      throw new IllegalArgumentException("--topic is required");
    }
    // as many event loops as Vert.x gives Streamgate: twice the cores
    int threads =
        Integer.parseInt(
            options.getOrDefault(
                "threads", String.valueOf(2 * Runtime.getRuntime().availableProcessors())));
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    Class<? extends ServerChannel> channel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    Map<EventLoop, Subscribers> loops = new LinkedHashMap<>();
    for (EventExecutor executor : group) {
      EventLoop loop = (EventLoop) executor;
      loops.put(loop, new Subscribers(loop));
    }
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(channel)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new RequestHead(loops.get(ch.eventLoop())));
                  }
                })
            .bind("127.0.0.1", port)
            .sync()
            .channel();
    Feed feed = new Feed(bootstrap, topic, loops.values());
    Thread reader = new Thread(feed, "write-floor-feed");
    reader.setDaemon(true);
    reader.start();
    System.out.printf(
        "write-floor: listening on 127.0.0.1:%d, %d %s event loops, topic %s%n",
        port, threads, epoll ? "epoll" : "NIO", topic);
    server.closeFuture().sync();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}
