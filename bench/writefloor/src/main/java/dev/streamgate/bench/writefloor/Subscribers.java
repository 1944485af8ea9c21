package dev.streamgate.bench.writefloor;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections of one event loop, by the key they asked for (every record without one). A poll's
 * chunks are written here as retained duplicates of the one encoded chunk: one write and one flush
 * per connection, no copy.
 *
 * <p>Threads: the loop owns the lists; the feed only schedules {@link #write} on it. {@link #keyed}
 * is read by the feed to skip encoding per key when no connection asked for a key.
 */
final class Subscribers {

  private static final AtomicInteger KEYED = new AtomicInteger();

  private final EventLoop loop;
  private final List<Channel> all = new ArrayList<>();
  private final Map<String, List<Channel>> byKey = new HashMap<>();
  private final Map<Channel, String> keys = new HashMap<>();

  Subscribers(EventLoop loop) {
    this.loop = loop;
  }

  /** Connections subscribed to one key, on every loop (any thread). */
  static int keyed() {
    return KEYED.get();
  }

  void add(String key, Channel channel) {
    if (key == null) {
      all.add(channel);
    } else {
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(channel);
      keys.put(channel, key);
      KEYED.incrementAndGet();
    }
  }

  void remove(Channel channel) {
    String key = keys.remove(channel);
    if (key == null) {
      all.remove(channel);
    } else if (byKey.get(key).remove(channel)) {
      KEYED.decrementAndGet();
    }
  }

  /**
   * Writes one poll on this loop: {@code everything} to the connections without a key, each of
   * {@code perKey} to its key's connections; takes over one reference of each chunk.
   */
  void write(ByteBuf everything, Map<String, ByteBuf> perKey) {
    loop.execute(
        () -> {
          try {
            send(all, everything);
            perKey.forEach((key, chunk) -> send(byKey.get(key), chunk));
          } finally {
            everything.release();
            perKey.values().forEach(ByteBuf::release);
          }
        });
  }

  private static void send(List<Channel> channels, ByteBuf chunk) {
    if (channels == null) {
      return;
    }
    for (Channel ch : channels) {
      ch.writeAndFlush(chunk.retainedDuplicate(), ch.voidPromise());
    }
  }
}
