package dev.understudy.engine.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;

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
    ObjectNode root = object();
    String title = escape(n.title());
    String body = escape(n.text());
    root.put("text", Texts.cut(icon(n) + " *" + title + "*\n" + body, TEXT_LIMIT));
    if (blocks) {
      ArrayNode bs = root.putArray("blocks");
      ObjectNode section = bs.addObject().put("type", "section");
      section.putObject("text").put("type", "mrkdwn").put("text", Texts.cut(icon(n) + " *" + title + "*\n" + body, SECTION_LIMIT));
      ObjectNode ctx = bs.addObject().put("type", "context");
      ctx.putArray("elements").addObject().put("type", "mrkdwn").put("text", escape(Texts.footer(n)));
    }
    return write(root);
  }

  private static String icon(Notification n) {
    return Texts.Mark.of(n).slack;
  }

  /** Slack's escaping: {@code & < >} are control characters in message text. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
