package dev.streamgate.decode;

/**
 * Where framed records' schemas come from: the registry behind a cache (the registry package
 * implements it). Blocking: call it from a topic's reader thread, never an event loop.
 */
@FunctionalInterface
public interface SchemaSource {

  /**
   * The compiled schema of this id.
   *
   * @throws DecodeException {@code unknown-schema}, {@code registry-unavailable} after the bounded
   *     wait, or the schema's own compile failure ({@code invalid-schema}, {@code
   *     schema-too-large}, {@code unsupported-schema-type})
   */
  RegisteredSchema byId(int id);
}
