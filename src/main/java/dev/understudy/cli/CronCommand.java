package dev.understudy.cli;

import dev.understudy.engine.schedule.CronSyntaxException;
import dev.understudy.engine.schedule.PosixCron;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "cron", description = "Explain a cron schedule: its next fire times, in UTC.")
final class CronCommand implements Callable<Integer> {
  static final int MAX_NEXT = 1000;

  @Parameters(index = "0", paramLabel = "EXPR", description = "Five fields (minute hour day-of-month month day-of-week) or a macro such as @daily.")
  String expression;

  @Option(names = "--next", paramLabel = "N", defaultValue = "5", description = "How many fire times (default 5).")
  int next;

  @Option(names = "--from", paramLabel = "ISO-INSTANT", description = "Start after this instant, e.g. 2026-11-22T10:00:00Z (default: now).")
  String from;

  @Option(names = {"--timezone", "--tz"}, paramLabel = "ZONE", description = "Read the fields on this IANA zone's wall clock (default UTC).")
  String zone;

  @Option(names = "--json", description = "Print {\"expression\": ..., \"next\": [...]}.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (next < 1 || next > MAX_NEXT) {
      err.println("understudy: --next must be from 1 to " + MAX_NEXT + ", not " + next);
      return Main.BAD_INPUT;
    }
    Instant start;
    ZoneId z;
    PosixCron cron;
    try {
      start = from == null ? Instant.now() : Instant.parse(from);
    } catch (DateTimeParseException e) {
      err.println("understudy: --from '" + from + "' is not an ISO instant: write it like 2026-11-22T10:00:00Z");
      return Main.BAD_INPUT;
    }
    try {
      z = zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
    } catch (DateTimeException e) {
      err.println("understudy: --timezone '" + zone + "' is not a time zone: use an IANA name such as Europe/Paris");
      return Main.BAD_INPUT;
    }
    try {
      cron = PosixCron.parse(expression);
    } catch (CronSyntaxException e) {
      err.println("understudy: invalid cron '" + expression + "': " + e.getMessage());
      return Main.BAD_INPUT;
    }
    List<Instant> times = new ArrayList<>();
    Instant t = start;
    for (int i = 0; i < next; i++) {
      Optional<Instant> n = cron.nextAfter(t, z);
      if (n.isEmpty()) break;
      times.add(n.get());
      t = n.get();
    }
    if (json) {
      StringBuilder b = new StringBuilder("{\"expression\": ").append(Json.quote(cron.expression())).append(", \"next\": [");
      for (int i = 0; i < times.size(); i++) b.append(i == 0 ? "" : ", ").append('"').append(times.get(i)).append('"');
      out.println(b.append("]}"));
    } else if (times.isEmpty()) {
      out.println(cron.expression() + " never fires: no date matches every field (e.g. February 31st)");
    } else {
      for (Instant i : times) out.println(i);
    }
    out.flush();
    return times.isEmpty() ? Main.FAILED : Main.OK;
  }
}
