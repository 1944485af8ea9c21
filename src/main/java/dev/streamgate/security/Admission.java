package dev.streamgate.security;

import dev.streamgate.problem.Problems;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The first gate of a stream request: who the client is (address, through trusted proxies only) and
 * whether it connects too fast. Runs before anything costly, so a connect flood is shed for the
 * price of a map look-up.
 */
@ApplicationScoped
public class Admission {

  private final ClientAddresses addresses;
  private final ConnectRate rate;

  public Admission(LimitsConfig limits) {
    List<Cidr> trusted = new ArrayList<>();
    limits.trustedProxies().orElse(List.of()).stream()
        .filter(s -> !s.isBlank())
        .forEach(s -> trusted.add(Cidr.parse(s)));
    this.addresses = new ClientAddresses(trusted);
    this.rate =
        limits.connectRate() > 0
            ? new ConnectRate(
                limits.connectRate(),
                limits.connectBurst(),
                limits.maxTrackedAddresses(),
                System::nanoTime)
            : null;
  }

  /** The client's address: the TCP peer, or what a trusted proxy says it forwarded for. */
  public String clientAddress(HttpServerRequest request) {
    String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    return addresses.resolve(peer, request.headers().getAll("X-Forwarded-For"));
  }

  /**
   * Admits a connect: the client's address, after taking a token from its bucket.
   *
   * @throws dev.streamgate.problem.ProblemException 429 with Retry-After when it connects too fast
   */
  public String admit(HttpServerRequest request) {
    String address = clientAddress(request);
    if (rate != null) {
      long waitNanos = rate.tryAcquire(address);
      if (waitNanos > 0) {
        throw Problems.tooMany(
            "Too many connects",
            "This address connects faster than allowed; retry after the delay in Retry-After",
            (waitNanos + 999_999_999L) / 1_000_000_000L);
      }
    }
    return address;
  }
}
