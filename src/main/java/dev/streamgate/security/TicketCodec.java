package dev.streamgate.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stream tickets as text: {@code base64url(payload) "." base64url(HMAC-SHA256(key, payload))}, URL
 * safe without escaping. The payload is binary and length-prefixed, so no subject or topic can
 * change how it parses: version (1), id (16 bytes), token expiry (epoch seconds), ticket expiry
 * (epoch millis), subject (UTF-8, u16 length), topic count (u8) and each topic (u8 length, ASCII).
 * A ticket of a token with a filter claim is version 2 and ends with the filter (UTF-8, u16
 * length): a pod that knows only version 1 refuses it rather than open the stream unfiltered.
 *
 * <p>Pure and thread-safe (a {@link Mac} per call). {@link #verify} checks the signature in
 * constant time before it parses anything, and answers empty for any input that is not a ticket
 * this key signed: it never throws on what a client sends.
 */
final class TicketCodec {

  /** Shortest key accepted, in bytes: HMAC-SHA256 gains nothing above 64, loses below 32. */
  static final int MIN_KEY_BYTES = 32;

  /** Longest ticket looked at; anything longer is refused unparsed. */
  static final int MAX_LENGTH = 8192;

  private static final byte VERSION = 1;
  private static final byte VERSION_FILTERED = 2;
  private static final String HMAC = "HmacSHA256";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  TicketCodec(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "The ticket key must be at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(key.clone(), HMAC);
  }

  String sign(StreamTicket ticket) {
    byte[] payload = payload(ticket);
    return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
  }

  /** The ticket, if {@code text} is one this key signed; its expiry is not checked here. */
  Optional<StreamTicket> verify(String text) {
    if (text == null || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    int dot = text.indexOf('.');
    if (dot <= 0 || dot != text.lastIndexOf('.')) {
      return Optional.empty();
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = B64D.decode(text.substring(0, dot));
      signature = B64D.decode(text.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(mac(payload), signature)) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(payload));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static byte[] payload(StreamTicket ticket) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(ticket.filter().isPresent() ? VERSION_FILTERED : VERSION);
      byte[] id = B64D.decode(ticket.id());
      if (id.length != 16) {
        throw new IllegalArgumentException("A ticket id is 16 bytes");
      }
      out.write(id);
      out.writeLong(ticket.tokenExpiry().getEpochSecond());
      out.writeLong(ticket.expiresAt().toEpochMilli());
      byte[] subject = ticket.subject().getBytes(StandardCharsets.UTF_8);
      if (subject.length > 0xFFFF) {
        throw new IllegalArgumentException("The subject is too long for a ticket");
      }
      out.writeShort(subject.length);
      out.write(subject);
      if (ticket.topics().isEmpty() || ticket.topics().size() > 0xFF) {
        throw new IllegalArgumentException("A ticket names 1 to 255 topics");
      }
      out.writeByte(ticket.topics().size());
      for (String topic : ticket.topics()) {
        byte[] name = topic.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length > 0xFF) {
          throw new IllegalArgumentException("A topic name is 1 to 255 characters");
        }
        out.writeByte(name.length);
        out.write(name);
      }
      if (ticket.filter().isPresent()) {
        byte[] filter = ticket.filter().get().getBytes(StandardCharsets.UTF_8);
        if (filter.length > 0xFFFF) {
          throw new IllegalArgumentException("The filter claim is too long for a ticket");
        }
        out.writeShort(filter.length);
        out.write(filter);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static StreamTicket parse(byte[] payload) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    byte version = in.readByte();
    if (version != VERSION && version != VERSION_FILTERED) {
      throw new IOException("version");
    }
    byte[] id = in.readNBytes(16);
    Instant tokenExpiry = Instant.ofEpochSecond(in.readLong());
    Instant expiresAt = Instant.ofEpochMilli(in.readLong());
    byte[] subject = in.readNBytes(in.readUnsignedShort());
    int count = in.readUnsignedByte();
    List<String> topics = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      topics.add(new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII));
    }
    Optional<String> filter = Optional.empty();
    if (version == VERSION_FILTERED) {
      int length = in.readUnsignedShort();
      byte[] text = in.readNBytes(length);
      if (text.length != length) {
        throw new IOException("length");
      }
      filter = Optional.of(new String(text, StandardCharsets.UTF_8));
    }
    if (id.length != 16 || in.available() != 0 || topics.isEmpty()) {
      throw new IOException("length");
    }
    return new StreamTicket(
        B64.encodeToString(id),
        new String(subject, StandardCharsets.UTF_8),
        topics,
        tokenExpiry,
        expiresAt,
        filter);
  }
}
