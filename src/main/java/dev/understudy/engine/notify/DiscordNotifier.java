package dev.understudy.engine.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Discord webhook ({@code alerts.discord}): {@code {"content": ...}}, at most 2000 characters
 * (longer text is cut), with {@code allowed_mentions} empty so no text can ping {@code @everyone}.
 * Discord answers 204 without {@code ?wait=true}, 429 with {@code Retry-After} when rate limited
 * (https://discord.com/developers/docs/resources/webhook#execute-webhook).
 */
public final class DiscordNotifier extends HttpNotifier {
  public static final int CONTENT_LIMIT = 2000;
  private final Optional<String> username;

  public DiscordNotifier(URI url, Optional<String> username, Duration timeout) {
    super("discord", url, timeout);
    this.username = username;
  }

  @Override
  String body(Notification n) {
    Map<String, Object> root = object();
    String content = icon(n) + " **" + escape(n.title()) + "**\n" + escape(n.text()) + "\n*" + escape(Texts.footer(n)) + "*";
    root.put("content", Texts.cut(content, CONTENT_LIMIT));
    username.ifPresent(u -> root.put("username", u));
    root.put("allowed_mentions", Map.of("parse", List.of()));
    return write(root);
  }

  private static String icon(Notification n) {
    return Texts.Mark.of(n).unicode;
  }

  /** Discord markdown: a backslash before the characters that format. */
  static String escape(String s) {
    return s.replaceAll("([\\\\*_~`|>])", "\\\\$1");
  }
}
