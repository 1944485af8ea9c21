package dev.streamgate.bench.writefloor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request head (up to the blank line), answers a fixed {@code 200} head for a chunked
 * {@code text/event-stream} and subscribes the connection, to one key when the request's query has
 * {@code key=}, else to every record. Anything the client sends after the head is dropped.
 *
 * <p>Threads: the connection's event loop.
 */
final class RequestHead extends ChannelInboundHandlerAdapter {

  private static final ByteBuf RESPONSE_HEAD =
      Unpooled.unreleasableBuffer(
          Unpooled.directBuffer()
              .writeBytes(
                  ("HTTP/1.1 200 OK\r\n"
                          + "content-type: text/event-stream\r\n"
                          + "cache-control: no-cache\r\n"
                          + "transfer-encoding: chunked\r\n\r\n")
                      .getBytes(StandardCharsets.US_ASCII))
              .asReadOnly());
  private static final int MAX_HEAD = 16384;

  private final Subscribers subscribers;
  private final StringBuilder head = new StringBuilder();
  private boolean subscribed;

  RequestHead(Subscribers subscribers) {
    this.subscribers = subscribers;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      if (subscribed) {
        return;
      }
      head.append(in.toString(StandardCharsets.ISO_8859_1));
      int end = head.indexOf("\r\n\r\n");
      if (end < 0) {
        if (head.length() > MAX_HEAD) {
          ctx.close();
        }
        return;
      }
      subscribed = true;
      String key = key(head.substring(0, head.indexOf("\r\n")));
      ctx.writeAndFlush(RESPONSE_HEAD.duplicate(), ctx.voidPromise());
      subscribers.add(key, ctx.channel());
    } finally {
      in.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (subscribed) {
      subscribers.remove(ctx.channel());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /** The {@code key} query parameter of a request line ({@code GET /x?key=k3 HTTP/1.1}), or null. */
  static String key(String requestLine) {
    String[] parts = requestLine.split(" ");
    if (parts.length < 2 || parts[1].indexOf('?') < 0) {
      return null;
    }
    for (String pair : parts[1].substring(parts[1].indexOf('?') + 1).split("&")) {
      if (pair.startsWith("key=")) {
        return URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
