package dev.streamgate.security;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which address a request comes from, for per-client limits. {@code X-Forwarded-For} is believed
 * only when the peer is a trusted proxy; the client is then the right-most entry that is not itself
 * a trusted proxy (entries to its left were written by the client and prove nothing).
 */
public final class ClientAddresses {

  private final List<Cidr> trusted;

  public ClientAddresses(List<Cidr> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  /**
   * The client's address, as text.
   *
   * @param peer the TCP peer's address
   * @param forwardedFor every {@code X-Forwarded-For} header value, in order; may be empty
   */
  public String resolve(String peer, List<String> forwardedFor) {
    Optional<InetAddress> peerAddress = Cidr.literal(peer);
    if (peerAddress.isEmpty() || !isTrusted(peerAddress.get())) {
      return normalise(peer, peerAddress);
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        hops.add(hop.strip());
      }
    }
    String client = normalise(peer, peerAddress);
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = Cidr.literal(hops.get(i));
      if (hop.isEmpty()) {
        // A trusted proxy never writes garbage: the entry came from further left. Stop here.
        return client;
      }
      client = hop.get().getHostAddress();
      if (!isTrusted(hop.get())) {
        return client;
      }
    }
    return client;
  }

  private boolean isTrusted(InetAddress address) {
    for (Cidr cidr : trusted) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static String normalise(String peer, Optional<InetAddress> address) {
    return address.map(InetAddress::getHostAddress).orElse(peer == null ? "unknown" : peer);
  }
}
