package dev.streamgate.bench;

import java.net.URI;
import java.util.function.IntFunction;

/**
 * Stream URLs of keyed clients ({@code ls-keys}): a URL with {@code {key}} gives client {@code i}
 * the key of lane {@code i % keys} ({@link Producer#laneKey}): {@code /streams/t?key={key}} for
 * Streamgate's key filter, {@code /sub/{key}} for nchan's channel per key.
 */
final class KeyedUrls {
  private KeyedUrls() {}

  /** The URL with any {@code {key}} filled in: its host and port, for connecting. */
  static String any(String url) {
    return url.replace("{key}", Producer.laneKey(0));
  }

  /** Each client's request target (path and query) by index, or null when the URL has no key. */
  static IntFunction<String> targets(String url, int keys) {
    if (keys <= 0 || !url.contains("{key}")) return null;
    String[] byKey = new String[keys];
    for (int k = 0; k < keys; k++) {
      URI u = URI.create(url.replace("{key}", Producer.laneKey(k)));
      byKey[k] = u.getRawPath() + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
    }
    return i -> byKey[i % keys];
  }
}
