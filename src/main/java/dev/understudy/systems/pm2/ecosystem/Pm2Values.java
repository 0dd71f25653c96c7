package dev.understudy.systems.pm2.ecosystem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PM2's value forms, after lib/tools/Config.js: {@code stime} durations, {@code sbyte} sizes,
 * argument strings, and log date formats (moment/dayjs tokens, translated for java.time).
 */
public final class Pm2Values {
  private static final Pattern STIME = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|m|s)?");
  private static final Pattern SBYTE = Pattern.compile("(\\d+(?:\\.\\d+)?)(G|M|K)?");
  /** PM2's own tokenizer for string args: key="a b", "quoted", 'quoted', or a run of non-space. */
  private static final Pattern ARG =
      Pattern.compile("[^\\s\"'=]+=\"[^\"]*\"|[^\\s\"'=]+='[^']*'|\"([^\"]*)\"|'([^']*)'|\\S+");

  private Pm2Values() {}

  /**
   * {@code min_uptime}: a number of milliseconds, or {@code "<n>h|m|s"}.
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static Duration stime(String text) {
    Matcher m = STIME.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a PM2 duration: write milliseconds (5000) or a number with h, m or s (\"5s\")");
    }
    double n = Double.parseDouble(m.group(1));
    String u = m.group(2);
    long unit = u == null ? 1 : u.equals("h") ? 3_600_000 : u.equals("m") ? 60_000 : 1000;
    return Duration.ofMillis(Math.round(n * unit));
  }

  /**
   * {@code max_memory_restart}: bytes, or {@code "<n>G|M|K"} (powers of 1024, as PM2).
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static long sbyte(String text) {
    Matcher m = SBYTE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a PM2 memory size: write bytes (209715200) or a number with K, M or G (\"200M\", \"1G\")");
    }
    double n = Double.parseDouble(m.group(1));
    String u = m.group(2);
    long unit = u == null ? 1 : u.equals("G") ? 1L << 30 : u.equals("M") ? 1L << 20 : 1L << 10;
    return Math.round(n * unit);
  }

  /**
   * Splits a string of arguments as PM2 does (no shell: no variables, no globbing): whitespace
   * separates, a whole "double" or 'single' quoted word loses its quotes, {@code key="a b"} stays
   * one argument with its quotes.
   */
  public static List<String> splitArgs(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = ARG.matcher(text);
    while (m.find()) {
      String v = m.group();
      if (v.length() >= 2 && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
        v = v.substring(1, v.length() - 1);
      }
      if (!v.isBlank()) out.add(v);
    }
    return out;
  }

  /**
   * Translates a moment/dayjs format ({@code YYYY-MM-DD HH:mm:ss Z}, PM2's {@code log_date_format})
   * into a {@link java.time.format.DateTimeFormatter} pattern. Text in [brackets] is literal.
   */
  public static String javaDatePattern(String moment) {
    String[][] tokens = {
      {"YYYY", "uuuu"}, {"YY", "uu"}, {"MMMM", "MMMM"}, {"MMM", "MMM"}, {"MM", "MM"}, {"M", "M"},
      {"DDDD", "DDD"}, {"DD", "dd"}, {"Do", "d"}, {"D", "d"}, {"dddd", "EEEE"}, {"ddd", "EEE"},
      {"HH", "HH"}, {"H", "H"}, {"hh", "hh"}, {"h", "h"}, {"mm", "mm"}, {"m", "m"}, {"ss", "ss"}, {"s", "s"},
      {"SSS", "SSS"}, {"SS", "SS"}, {"S", "S"}, {"A", "a"}, {"a", "a"}, {"ZZ", "xx"}, {"Z", "xxx"},
      {"X", "X"}, {"x", "x"}
    };
    StringBuilder b = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    outer:
    while (i < moment.length()) {
      char c = moment.charAt(i);
      if (c == '[') {
        int end = moment.indexOf(']', i);
        if (end > i) {
          literal.append(moment, i + 1, end);
          i = end + 1;
          continue;
        }
      }
      for (String[] t : tokens) {
        if (moment.startsWith(t[0], i) && !t[0].equals("X") && !t[0].equals("x")) {
          flush(b, literal);
          b.append(t[1]);
          i += t[0].length();
          continue outer;
        }
      }
      literal.append(c);
      i++;
    }
    flush(b, literal);
    return b.toString();
  }

  private static void flush(StringBuilder b, StringBuilder literal) {
    if (literal.length() == 0) return;
    String s = literal.toString();
    boolean plain = s.chars().noneMatch(ch -> Character.isLetter(ch) || ch == '\'' || ch == '[' || ch == ']' || ch == '#' || ch == '{' || ch == '}');
    if (plain) b.append(s);
    else b.append('\'').append(s.replace("'", "''")).append('\'');
    literal.setLength(0);
  }
}
