package dev.streamgate.decode;

/** Text from a schema or a registry, cut and stripped of control characters for a message. */
final class Printable {

  private Printable() {}

  static String of(String text, int max) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 2).append('"');
    for (int i = 0; i < text.length() && i < max; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.append(text.length() > max ? "…\"" : "\"").toString();
  }
}
