package dev.understudy.engine.notify;

import java.util.List;

/** E-mail over SMTP ({@code alerts.email}): the title as the subject, the text and the details as the body. */
public final class EmailNotifier implements Notifier {
  private final SmtpClient smtp;
  private final String from;
  private final List<String> to;

  public EmailNotifier(SmtpClient smtp, String from, List<String> to) {
    this.smtp = smtp;
    this.from = from;
    this.to = List.copyOf(to);
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void send(Notification n) throws NotifyException {
    smtp.send(from, to, "[understudy] " + n.title(), body(n));
  }

  static String body(Notification n) {
    StringBuilder b = new StringBuilder(n.text()).append("\n\n");
    if (!n.check().isEmpty()) b.append("check:   ").append(n.check()).append('\n');
    if (!n.status().isEmpty()) {
      b.append("status:  ").append(n.status());
      if (!n.previous().isEmpty()) b.append(" (was ").append(n.previous()).append(')');
      b.append('\n');
    }
    n.since().ifPresent(s -> b.append("since:   ").append(Texts.time(s)).append('\n'));
    b.append("at:      ").append(Texts.time(n.at())).append('\n');
    if (!n.host().isEmpty()) b.append("host:    ").append(n.host()).append('\n');
    b.append("kind:    ").append(n.kind().label()).append('\n');
    return b.toString();
  }
}
