package dev.understudy.systems.actions.github;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A GitHub repository, {@code owner/name}. */
public record Repository(String owner, String name) {
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  /** scp-like ssh: {@code git@github.com:owner/name.git}. */
  private static final Pattern SCP = Pattern.compile("(?:[^@/:]+@)?([^@/:]+):/?([^/]+)/([^/]+?)(?:\\.git)?/?");

  public Repository {
    if (!OWNER.matcher(owner).matches() || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("'" + owner + "/" + name + "' is not a GitHub repository: write owner/name");
    }
  }

  /** {@code owner/name}; throws {@link IllegalArgumentException} otherwise. */
  public static Repository parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    if (slash <= 0 || slash != t.lastIndexOf('/')) {
      throw new IllegalArgumentException("'" + text + "' is not a GitHub repository: write owner/name");
    }
    return new Repository(t.substring(0, slash), t.substring(slash + 1));
  }

  /**
   * The repository a git remote URL points to, when it is on {@code host}: {@code
   * https://github.com/o/r(.git)}, {@code ssh://git@github.com/o/r.git}, {@code git@github.com:o/r.git}.
   * A remote on another host (GitLab, a mirror) gives nothing.
   */
  public static Optional<Repository> fromRemote(String url, String host) {
    String u = url.trim();
    String h;
    String path;
    if (u.contains("://")) {
      URI uri;
      try {
        uri = new URI(u);
      } catch (URISyntaxException e) {
        return Optional.empty();
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("ssh") && !scheme.equals("git")) {
        return Optional.empty();
      }
      h = uri.getHost();
      path = uri.getPath();
    } else {
      Matcher m = SCP.matcher(u);
      if (!m.matches()) return Optional.empty();
      h = m.group(1);
      path = "/" + m.group(2) + "/" + m.group(3);
    }
    if (h == null || !h.equalsIgnoreCase(host) || path == null) return Optional.empty();
    String p = path.replaceAll("^/+|/+$", "");
    if (p.endsWith(".git")) p = p.substring(0, p.length() - 4);
    try {
      return Optional.of(parse(p));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The host whose git remotes belong to the API at {@code apiUrl}: github.com for
   * https://api.github.com, HOST for GitHub Enterprise Server's https://HOST/api/v3.
   */
  public static String gitHost(String apiUrl) {
    String host;
    try {
      host = new URI(apiUrl).getHost();
    } catch (URISyntaxException e) {
      host = null;
    }
    if (host == null) return "github.com";
    host = host.toLowerCase(Locale.ROOT);
    return host.equals("api.github.com") ? "github.com" : host.startsWith("api.") && host.endsWith(".ghe.com") ? host.substring(4) : host;
  }

  @Override
  public String toString() {
    return owner + "/" + name;
  }
}
