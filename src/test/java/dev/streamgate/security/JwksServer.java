package dev.streamgate.security;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OIDC issuer's JWKS endpoint on 127.0.0.1 (a JDK HttpServer), for the key-rotation tests: it
 * serves the keys the test says ({@link #publish}), counts every fetch, and signs tokens with kid
 * {@code k1} or {@code k2}. Its URL is {@code streamgate.test.jwks-url}, which the profile's {@code
 * mp.jwt.verify.publickey.location} refers to (set at build time, so that Quarkus does not make up
 * a key pair of its own); tests get the server in their {@link Inject} field.
 */
public class JwksServer implements QuarkusTestResourceLifecycleManager {

  /** Marks the test's JwksServer field. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Inject {}

  private final Map<String, KeyPair> keys = Map.of("k1", rsa(), "k2", rsa());
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile List<String> published = List.of("k1");
  private volatile long lastFetchNanos = System.nanoTime();
  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/jwks",
        exchange -> {
          fetches.incrementAndGet();
          lastFetchNanos = System.nanoTime();
          byte[] body = jwks().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return Map.of(
        "streamgate.test.jwks-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        this, new TestInjector.AnnotatedAndMatchesType(Inject.class, JwksServer.class));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** From now on the endpoint serves these key ids only (the issuer rotated). */
  public void publish(String... kids) {
    published = List.of(kids);
  }

  /** How many times the JWKS was fetched. */
  public int fetches() {
    return fetches.get();
  }

  /** Milliseconds since the JWKS was last fetched. */
  public long millisSinceLastFetch() {
    return (System.nanoTime() - lastFetchNanos) / 1_000_000;
  }

  /** A token signed with key {@code signer} and headed with key id {@code kid}. */
  public String sign(JwtClaimsBuilder claims, String signer, String kid) {
    return claims
        .jws()
        .keyId(kid)
        .algorithm(SignatureAlgorithm.RS256)
        .sign(keys.get(signer).getPrivate());
  }

  private String jwks() {
    List<String> entries = new ArrayList<>();
    for (String kid : published) {
      RSAPublicKey key = (RSAPublicKey) keys.get(kid).getPublic();
      entries.add(
          "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\""
              + kid
              + "\",\"n\":\""
              + b64(key.getModulus())
              + "\",\"e\":\""
              + b64(key.getPublicExponent())
              + "\"}");
    }
    return "{\"keys\":[" + String.join(",", entries) + "]}";
  }

  private static String b64(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
