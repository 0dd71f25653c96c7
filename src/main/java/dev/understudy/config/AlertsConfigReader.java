package dev.understudy.config;

import dev.understudy.engine.notify.AlertRouter;
import dev.understudy.engine.notify.AlertsConfig;
import dev.understudy.engine.notify.SmtpClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code alerts:} section of understudy.yml into {@link AlertsConfig}; every bad value is
 * a {@link ConfigException} at its {@code file:line:column} saying how to fix it.
 *
 * <pre>
 * alerts:
 *   reminder: 1h               # while a check stays in trouble; 0 for none
 *   webhook: {url: https://ops.example.com/hooks/understudy, tokenEnv: OPS_HOOK_TOKEN}
 *   slack: {url: https://hooks.slack.com/services/T000/B000/XXXX, blocks: true}
 *   discord: {url: https://discord.com/api/webhooks/ID/TOKEN, username: understudy}
 *   email:
 *     host: smtp.example.com
 *     port: 587
 *     from: understudy@example.com
 *     to: [ops@example.com]
 *     username: understudy@example.com
 *     passwordEnv: SMTP_PASSWORD
 *     starttls: true
 * </pre>
 *
 * ConfigLoader calls {@link #read} with the file's {@code alerts} mapping (and adds {@code alerts}
 * to its top-level keys).
 */
public final class AlertsConfigReader {
  public static final Set<String> KEYS = Set.of("reminder", "webhook", "slack", "discord", "email");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,;\"]+@[^@\\s<>,;\"]+\\.[^@\\s<>,;\"]+|[^@\\s<>,;\"]+@localhost");
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration MAX_REMINDER = Duration.ofDays(7);

  private AlertsConfigReader() {}

  /** The {@code alerts} mapping of the file, or {@link AlertsConfig#NONE} without one. */
  public static AlertsConfig read(Optional<YamlMap> alerts) {
    if (alerts.isEmpty()) return AlertsConfig.NONE;
    YamlMap a = alerts.get().allowOnly(KEYS);
    Duration reminder = a.duration("reminder").orElse(AlertRouter.DEFAULT_REMINDER);
    if (reminder.compareTo(MAX_REMINDER) > 0) {
      throw a.error("reminder", "'alerts.reminder' is " + reminder.toDays() + " days", "use at most 7d, or 0 for no reminders");
    }
    Optional<AlertsConfig.Webhook> webhook = a.map("webhook").map(m -> {
      m.allowOnly(Set.of("url", "tokenEnv", "timeout"));
      return new AlertsConfig.Webhook(url(a, m, "webhook", false), envName(m, "webhook", "tokenEnv", "OPS_HOOK_TOKEN"), timeout(m, "webhook"));
    });
    Optional<AlertsConfig.Slack> slack = a.map("slack").map(m -> {
      m.allowOnly(Set.of("url", "blocks", "timeout"));
      return new AlertsConfig.Slack(url(a, m, "slack", true), m.bool("blocks").orElse(true), timeout(m, "slack"));
    });
    Optional<AlertsConfig.Discord> discord = a.map("discord").map(m -> {
      m.allowOnly(Set.of("url", "username", "timeout"));
      return new AlertsConfig.Discord(url(a, m, "discord", true), m.string("username").map(String::trim).filter(s -> !s.isEmpty()),
          timeout(m, "discord"));
    });
    Optional<AlertsConfig.Email> email = a.map("email").map(m -> email(a, m));
    return new AlertsConfig(reminder, webhook, slack, discord, email);
  }

  private static AlertsConfig.Email email(YamlMap a, YamlMap m) {
    m.allowOnly(Set.of("host", "port", "from", "to", "username", "passwordEnv", "starttls", "timeout"));
    String host = m.string("host").map(String::trim).filter(h -> !h.isEmpty() && !h.contains(" ") && !h.contains("/"))
        .orElseThrow(() -> m.node("host").isPresent()
            ? m.error("host", "'alerts.email.host' is not a host name", "write the SMTP server's name, e.g. smtp.example.com")
            : a.error("email", "'alerts.email' has no host", "add host: smtp.example.com"));
    int port = m.integer("port", 1, 65535).orElse(SmtpClient.Settings.DEFAULT_PORT);
    if (port == 465) {
      throw m.error("port", "'alerts.email.port' is 465, SMTP over implicit TLS, which Understudy does not speak",
          "use port 587 with starttls: true (every large provider offers it)");
    }
    String from = m.string("from").map(v -> address(m, "from", v))
        .orElseThrow(() -> a.error("email", "'alerts.email' has no from", "add from: understudy@example.com"));
    List<String> to = m.strings("to").orElseThrow(() -> a.error("email", "'alerts.email' has no to", "add to: [ops@example.com]"));
    if (to.isEmpty()) throw m.error("to", "'alerts.email.to' is empty", "add at least one address");
    to = to.stream().map(v -> address(m, "to", v)).toList();
    Optional<String> username = m.string("username").map(String::trim).filter(u -> !u.isEmpty());
    Optional<String> passwordEnv = envName(m, "email", "passwordEnv", "SMTP_PASSWORD");
    if (username.isPresent() && passwordEnv.isEmpty()) {
      throw m.error("username", "'alerts.email.username' is set without passwordEnv",
          "add passwordEnv: the NAME of the environment variable that holds the password (never the password itself)");
    }
    if (passwordEnv.isPresent() && username.isEmpty()) {
      throw m.error("passwordEnv", "'alerts.email.passwordEnv' is set without username", "add username: the SMTP login");
    }
    boolean starttls = m.bool("starttls").orElse(true);
    Duration timeout = m.duration("timeout").orElse(SmtpClient.Settings.DEFAULT_TIMEOUT);
    checkTimeout(m, "email", timeout);
    return new AlertsConfig.Email(host, port, from, to, username, passwordEnv, starttls, timeout);
  }

  /**
   * An http(s) URL with a host. Slack's and Discord's carry their secret in the path: https only,
   * except to this machine.
   */
  private static URI url(YamlMap parent, YamlMap m, String name, boolean secretPath) {
    String key = "'alerts." + name + ".url'";
    String v = m.string("url").map(String::trim)
        .orElseThrow(() -> parent.error(name, "'alerts." + name + "' has no url", "add url: the webhook's address"));
    URI u;
    try {
      u = new URI(v);
    } catch (URISyntaxException e) {
      throw m.error("url", key + " is not a URL (" + e.getReason() + ")", "write the whole address, starting with https://");
    }
    if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http")) || u.getHost() == null) {
      throw m.error("url", key + " is '" + hide(v) + "', not an http(s) URL with a host", "write the whole address, starting with https://");
    }
    if (u.getRawUserInfo() != null) {
      throw m.error("url", key + " carries a user and password", "leave them out" + (name.equals("webhook") ? "; put a token in tokenEnv" : ""));
    }
    if (secretPath && u.getScheme().equals("http") && !isLoopback(u.getHost())) {
      throw m.error("url", key + " is plain http", "use https: the URL's path is the webhook's secret");
    }
    return u;
  }

  /** Shows where a URL points without its path, which may be a secret. */
  private static String hide(String v) {
    int slash = v.indexOf('/', v.indexOf("//") + 2);
    return slash > 0 && v.indexOf("//") >= 0 ? v.substring(0, slash) + "/***" : v;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  private static Optional<String> envName(YamlMap m, String section, String key, String example) {
    return m.string(key).map(String::trim).map(v -> {
      if (!ENV_NAME.matcher(v).matches()) {
        throw m.error(key, "'alerts." + section + "." + key + "' is not an environment variable name",
            "write the variable's NAME (e.g. " + example + "), never the secret itself");
      }
      return v;
    });
  }

  private static Duration timeout(YamlMap m, String section) {
    Duration t = m.duration("timeout").orElse(AlertsConfig.DEFAULT_TIMEOUT);
    checkTimeout(m, section, t);
    return t;
  }

  private static void checkTimeout(YamlMap m, String section, Duration t) {
    if (t.isZero() || t.compareTo(MAX_TIMEOUT) > 0) {
      throw m.error("timeout", "'alerts." + section + ".timeout' is " + t.toSeconds() + " s", "use 1s to 2m");
    }
  }

  private static String address(YamlMap m, String key, String v) {
    String s = v.trim();
    if (!ADDRESS.matcher(s).matches()) {
      throw m.error(key, "'alerts.email." + key + "' has '" + s + "', which is not an e-mail address", "write name@example.com, without a display name");
    }
    return s;
  }
}
