package dev.streamgate.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code fd00::/8}) or a single address. Parsing never
 * resolves a host name: only address literals are accepted, so neither configuration nor a forged
 * {@code X-Forwarded-For} entry can make the service do a DNS look-up.
 */
public record Cidr(byte[] network, int prefix) {

  /**
   * Parses a CIDR or a single address.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Cidr parse(String text) {
    String value = text.strip();
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    byte[] bytes =
        literal(address)
            .orElseThrow(() -> new IllegalArgumentException("Not an IP address or CIDR: " + text))
            .getAddress();
    int prefix = bytes.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(value.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Bad prefix length in " + text);
      }
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException("Bad prefix length in " + text);
      }
    }
    return new Cidr(bytes, prefix);
  }

  /**
   * The address an IP literal stands for, or empty when {@code text} is not one (host names
   * included: they are never resolved). IPv4-mapped IPv6 addresses come back as IPv4.
   */
  public static Optional<InetAddress> literal(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return Optional.empty();
    }
    String value = text;
    if (value.startsWith("[") && value.endsWith("]")) {
      value = value.substring(1, value.length() - 1);
    }
    boolean v6 = value.indexOf(':') >= 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || c == '.'
              || (v6 && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
      if (!ok) {
        return Optional.empty();
      }
    }
    if (!v6 && !isDottedQuad(value)) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(value));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean isDottedQuad(String value) {
    String[] parts = value.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code address} lies in this network (an IPv4 address never lies in an IPv6 one). */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (bytes[full] & mask) == (network[full] & mask);
  }
}
