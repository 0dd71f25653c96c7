package dev.understudy.util;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Pieces of a URL built from names: the CLI's calls to the daemon, GitHub's and Netlify's APIs. */
public final class UrlParts {
  private UrlParts() {}

  /** {@code s} percent-encoded for a path segment or a query value: {@code /} and {@code %} escaped, a space as {@code %20}. */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
