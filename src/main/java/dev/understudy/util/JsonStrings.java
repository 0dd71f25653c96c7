package dev.understudy.util;

/** JSON string literals, escaped as Jackson escapes them: the short forms, else a six-character u-escape. */
public final class JsonStrings {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private JsonStrings() {}

  /** {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"', '\\' -> b.append('\\').append(c);
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20) b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
