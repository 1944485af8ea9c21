package dev.streamgate.security;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * RS256 keys and tokens for the tests. The key pair lives in {@code target/test-jwt}, so the test
 * profile (which hands the public key to Quarkus) and the tests (which sign) use the same pair even
 * when Quarkus loads this class in another class loader.
 */
public final class TestTokens {

  public static final String ISSUER = "https://issuer.streamgate.test";
  public static final String AUDIENCE = "streamgate";

  private static final Path DIR = Path.of("target", "test-jwt");

  private TestTokens() {}

  /** The public key as PEM, for {@code mp.jwt.verify.publickey}. */
  public static String publicKeyPem() {
    byte[] der = keyPair().getPublic().getEncoded();
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** A token from the trusted issuer, for the service's audience, valid for a minute. */
  public static JwtClaimsBuilder claims(List<String> subscribe, List<String> publish) {
    return Jwt.issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("test-user")
        .claim("sg_sub", subscribe)
        .claim("sg_pub", publish)
        .expiresIn(60);
  }

  public static String token(List<String> subscribe, List<String> publish) {
    return sign(claims(subscribe, publish));
  }

  public static String sign(JwtClaimsBuilder claims) {
    return claims
        .jws()
        .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
        .sign(keyPair().getPrivate());
  }

  /** Signed by a key the service does not trust. */
  public static String forged(List<String> subscribe) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return claims(subscribe, List.of()).sign(generator.generateKeyPair().getPrivate());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token with {@code "alg":"none"} and no signature at all. */
  public static String unsigned(List<String> subscribe) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
    long exp = java.time.Instant.now().getEpochSecond() + 60;
    String payload =
        "{\"iss\":\""
            + ISSUER
            + "\",\"aud\":\""
            + AUDIENCE
            + "\",\"sub\":\"x\",\"exp\":"
            + exp
            + ",\"sg_sub\":"
            + subscribe.stream().map(s -> "\"" + s + "\"").toList()
            + "}";
    return header + "." + b64.encodeToString(payload.getBytes()) + ".";
  }

  private static synchronized KeyPair keyPair() {
    try {
      Path publicKey = DIR.resolve("public.der");
      Path privateKey = DIR.resolve("private.der");
      if (!Files.exists(publicKey) || !Files.exists(privateKey)) {
        Files.createDirectories(DIR);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        write(privateKey, pair.getPrivate().getEncoded());
        write(publicKey, pair.getPublic().getEncoded());
      }
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      PublicKey pub = rsa.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicKey)));
      PrivateKey priv =
          rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateKey)));
      return new KeyPair(pub, priv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(DIR, "key", ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
