package dev.understudy.engine.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming webhook ({@code alerts.slack}): {@code {"text": ...}}, and with {@code blocks}
 * a section block (mrkdwn) and a context line; {@code text} stays as the notification's fallback.
 * Slack answers 200 {@code ok}, or 4xx with a word such as {@code invalid_payload} or {@code
 * no_service} (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks).
 */
public final class SlackNotifier extends HttpNotifier {
  /** Slack's limit for a section block's text. */
  public static final int SECTION_LIMIT = 3000;
  /** Slack truncates a message's text past this. */
  public static final int TEXT_LIMIT = 40_000;
  private final boolean blocks;

  public SlackNotifier(URI url, boolean blocks, Duration timeout) {
    super("slack", url, timeout);
    this.blocks = blocks;
  }

  @Override
  String body(Notification n) {
    Map<String, Object> root = object();
    String title = escape(n.title());
    String body = escape(n.text());
    root.put("text", Texts.cut(icon(n) + " *" + title + "*\n" + body, TEXT_LIMIT));
    if (blocks) {
      Map<String, Object> section = object();
      section.put("type", "section");
      section.put("text", mrkdwn(Texts.cut(icon(n) + " *" + title + "*\n" + body, SECTION_LIMIT)));
      Map<String, Object> context = object();
      context.put("type", "context");
      context.put("elements", List.of(mrkdwn(escape(Texts.footer(n)))));
      root.put("blocks", List.of(section, context));
    }
    return write(root);
  }

  private static Map<String, Object> mrkdwn(String text) {
    Map<String, Object> m = object();
    m.put("type", "mrkdwn");
    m.put("text", text);
    return m;
  }

  private static String icon(Notification n) {
    return Texts.Mark.of(n).slack;
  }

  /** Slack's escaping: {@code & < >} are control characters in message text. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
