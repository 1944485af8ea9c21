package dev.streamgate.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code Authorization} header sent to the registry: basic (user and password, as Confluent
 * Cloud's API key and secret), bearer, or none. The value is never logged or put in a message.
 */
public final class RegistryAuth {

  /** No authentication. */
  public static final RegistryAuth NONE = new RegistryAuth(null);

  private final String header;

  private RegistryAuth(String header) {
    this.header = header;
  }

  public static RegistryAuth basic(String username, String password) {
    String pair = username + ":" + password;
    return new RegistryAuth(
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  public static RegistryAuth bearer(String token) {
    return new RegistryAuth("Bearer " + token);
  }

  /** The settings' authentication; refuses both kinds at once, or half a basic pair. */
  static RegistryAuth of(SchemaRegistryConfig config) {
    Optional<String> user = config.basicAuth().username();
    Optional<String> password = config.basicAuth().password();
    if (user.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException(
          "streamgate.schema-registry.basic-auth needs both username and password");
    }
    if (user.isPresent() && config.bearerToken().isPresent()) {
      throw new IllegalArgumentException(
          "streamgate.schema-registry: set basic-auth or bearer-token, not both");
    }
    if (user.isPresent()) {
      return basic(user.get(), password.get());
    }
    return config.bearerToken().map(RegistryAuth::bearer).orElse(NONE);
  }

  /** The header's value, if any. */
  Optional<String> header() {
    return Optional.ofNullable(header);
  }

  @Override
  public String toString() {
    return header == null ? "none" : header.substring(0, header.indexOf(' ')) + " (hidden)";
  }
}
