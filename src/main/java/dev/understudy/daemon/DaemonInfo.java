package dev.understudy.daemon;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code daemon.json} says about a running daemon. Hand-written JSON on purpose: the CLI
 * reads this on every command and must not pay for loading a JSON library.
 */
public record DaemonInfo(long pid, int port, String host, String project, Path tokenFile, String version, long startedAt) {

  public String toJson() {
    return "{\"pid\": " + pid + ", \"port\": " + port + ", \"host\": " + quote(host) + ", \"project\": "
        + quote(project) + ", \"tokenFile\": " + quote(tokenFile.toString()) + ", \"version\": " + quote(version)
        + ", \"startedAt\": " + startedAt + "}\n";
  }

  public static DaemonInfo fromJson(String json) {
    return new DaemonInfo(
        Long.parseLong(field(json, "pid")),
        Integer.parseInt(field(json, "port")),
        field(json, "host"),
        field(json, "project"),
        Path.of(field(json, "tokenFile")),
        field(json, "version"),
        Long.parseLong(field(json, "startedAt")));
  }

  public String baseUrl() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  public boolean processAlive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))").matcher(json);
    if (!m.find()) throw new IllegalArgumentException("daemon.json has no " + name);
    return m.group(2) != null ? unquote(m.group(2)) : m.group(3);
  }

  static String quote(String s) {
    return dev.understudy.util.JsonStrings.quote(s);
  }


  private static String unquote(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        if (n == 'u' && i + 4 < s.length()) {
          b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        } else {
          b.append(n);
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
