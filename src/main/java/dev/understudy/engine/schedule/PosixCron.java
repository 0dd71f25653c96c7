package dev.understudy.engine.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed 5-field POSIX cron expression, as GitHub Actions documents it, plus the macros
 * Netlify accepts. Semantics follow Vixie cron / cronie: {@code N/S} means {@code N-max/S},
 * 7 is Sunday, and when both day fields are restricted a day matches if either does.
 * Immutable and thread-safe; one {@code long} bit set per field.
 */
public final class PosixCron {

  private static final String[] FIELDS = {"minute", "hour", "day-of-month", "month", "day-of-week"};
  private static final int[] LOW = {0, 0, 1, 1, 0};
  private static final int[] HIGH = {59, 23, 31, 12, 7};
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
      "@hourly", "0 * * * *");
  private static final String MACRO_NAMES = "@yearly @annually @monthly @weekly @daily @midnight @hourly";
  private static final String FIVE_FIELDS = "5 fields (minute hour day-of-month month day-of-week)";
  private static final long ALL_DAYS = daysUpTo(31);
  private static final long ALL_DOW = 0x7F;
  private static final long NONE = Long.MIN_VALUE;
  /** The Gregorian calendar repeats, weekdays included, every 400 years: a longer search finds nothing new. */
  private static final int MAX_YEARS = 400;

  private final String expression;
  private final long minutes, hours, doms, months, dows;
  private final boolean dayOr;
  private final boolean never;
  /** Index: weekday of a month's 1st (0 = Sunday); value: the days 1-31 whose weekday is in {@code dows}. */
  private final long[] dowDays = new long[7];

  private PosixCron(String expression, long[] m, boolean domStar, boolean dowStar) {
    this.expression = expression;
    long dom = m[2], dow = (m[4] & (1L << 7)) != 0 ? (m[4] | 1) & ALL_DOW : m[4];
    boolean or = !domStar && !dowStar;
    if (or && (dom == ALL_DAYS || dow == ALL_DOW)) { // every day matches: normalize to the AND form
      dom = ALL_DAYS;
      dow = ALL_DOW;
      or = false;
    }
    this.minutes = m[0];
    this.hours = m[1];
    this.doms = dom;
    this.months = m[3];
    this.dows = dow;
    this.dayOr = or;
    for (int w1 = 0; w1 < 7; w1++) {
      for (int d = 1; d <= 31; d++) {
        if ((dow >>> ((w1 + d - 1) % 7) & 1) != 0) dowDays[w1] |= 1L << d;
      }
    }
    // Every valid date falls on every weekday within 400 years, so only month/day-of-month can clash.
    boolean fires = or;
    for (int mo = 1; mo <= 12 && !fires; mo++) {
      fires = (months >>> mo & 1) != 0 && (dom & daysUpTo(Month.of(mo).maxLength())) != 0;
    }
    this.never = !fires;
  }

  /** Parses {@code expression}; columns in a {@link CronSyntaxException} count within the string as given. */
  public static PosixCron parse(String expression) {
    Objects.requireNonNull(expression, "expression");
    String text = expression.strip();
    if (text.isEmpty()) {
      throw new CronSyntaxException("cron expression is empty (column 1): write " + FIVE_FIELDS + ", e.g. 0 0 * * *", 1);
    }
    int base = expression.indexOf(text);
    Reader r = new Reader(text, base);
    String body = text;
    if (text.charAt(0) == '@') {
      int end = 0;
      while (end < text.length() && !Character.isWhitespace(text.charAt(end))) end++;
      String word = text.substring(0, end);
      body = MACROS.get(word.toLowerCase(Locale.ROOT));
      if (body == null) throw r.fail("unknown macro " + word, 0, ": use one of " + MACRO_NAMES + " or " + FIVE_FIELDS);
      if (end < text.length()) {
        throw r.fail("macro " + word + " takes nothing after it", r.skip(end, true),
            ": remove the rest or write " + FIVE_FIELDS + " instead");
      }
      r = new Reader(body, 0);
    }
    int[] starts = new int[6], ends = new int[6];
    int n = 0;
    for (int i = r.skip(0, true); i < body.length(); i = r.skip(i, true), n++) {
      if (n < 6) starts[n] = i;
      i = r.skip(i, false);
      if (n < 6) ends[n] = i;
    }
    if (n != 5) {
      String what = "expected " + FIVE_FIELDS + ", found " + n;
      throw n > 5 ? r.fail(what, starts[5], ": remove the extra fields (seconds and years are not POSIX cron)")
          : r.fail(what, body.length(), ": add the missing fields, using * for 'any'");
    }
    long[] masks = new long[5];
    for (int f = 0; f < 5; f++) masks[f] = r.field(f, starts[f], ends[f]);
    // A day field whose text starts with '*' (even "*/2" or "*,5") counts as unrestricted, as in Vixie cron and cronie.
    return new PosixCron(text, masks, body.charAt(starts[2]) == '*', body.charAt(starts[4]) == '*');
  }

  /**
   * The first fire strictly after {@code after}, at a whole minute of the wall clock of {@code zone}; empty if
   * it never fires. A wall time that a DST gap skips fires at the instant {@link ZonedDateTime#ofLocal} gives
   * (shifted forward by the gap); a wall time that a fall-back repeats fires once, at the earlier offset.
   */
  public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
    Objects.requireNonNull(after, "after");
    ZoneRules rules = Objects.requireNonNull(zone, "zone").getRules();
    if (never) return Optional.empty();
    try {
      if (rules.isFixedOffset()) {
        int offset = rules.getOffset(after).getTotalSeconds();
        long local = nextLocalMinute(Math.floorDiv(after.getEpochSecond() + offset, 60) + 1);
        return local == NONE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(local * 60 - offset));
      }
      long from = Math.floorDiv(LocalDateTime.ofInstant(after, zone).toEpochSecond(ZoneOffset.UTC), 60) + 1;
      while (true) { // wall minutes map to non-decreasing instants, so the first one after 'after' wins
        long local = nextLocalMinute(from);
        if (local == NONE) return Optional.empty();
        LocalDateTime wall = LocalDateTime.ofEpochSecond(local * 60, 0, ZoneOffset.UTC);
        Instant fire = ZonedDateTime.ofLocal(wall, zone, null).toInstant();
        if (fire.isAfter(after)) return Optional.of(fire);
        from = local + 1;
      }
    } catch (DateTimeException | ArithmeticException beyondTimeLine) {
      return Optional.empty();
    }
  }

  /** First matching wall minute at or after {@code from} (minutes since 1970-01-01T00:00 local), or {@link #NONE}. */
  private long nextLocalMinute(long from) {
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(from, 1440));
    int y = date.getYear(), mo = date.getMonthValue(), d = date.getDayOfMonth();
    int h = Math.floorMod(from, 1440) / 60, mi = Math.floorMod(from, 60);
    for (int limit = y + MAX_YEARS; y <= limit; ) {
      int nmo = nextBit(months, mo);
      if (nmo != mo) { // -1: no allowed month left this year
        if (nmo < 0) { y++; nmo = nextBit(months, 1); }
        mo = nmo; d = 1; h = mi = 0;
      }
      long first = epochDay(y, mo, 1);
      long days = dowDays[Math.floorMod(first + 4, 7)]; // 1970-01-01 was a Thursday (4)
      days = (dayOr ? doms | days : doms & days) & daysUpTo(Month.of(mo).length(Year.isLeap(y)));
      int nd = nextBit(days, d);
      if (nd < 0) { if (++mo > 12) { mo = 1; y++; } d = 1; h = mi = 0; continue; }
      if (nd != d) { d = nd; h = mi = 0; }
      int nh = nextBit(hours, h);
      if (nh < 0) { d++; h = mi = 0; continue; }
      if (nh != h) { h = nh; mi = 0; }
      int nm = nextBit(minutes, mi);
      if (nm < 0) { h++; mi = 0; continue; }
      return (first + d - 1) * 1440 + h * 60 + nm;
    }
    return NONE;
  }

  /** Whether this expression fires at the wall minute of {@code minute} (seconds are ignored). */
  public boolean matches(LocalDateTime minute) {
    boolean dom = (doms >>> minute.getDayOfMonth() & 1) != 0;
    boolean dow = (dows >>> (minute.getDayOfWeek().getValue() % 7) & 1) != 0;
    return (minutes >>> minute.getMinute() & 1) != 0 && (hours >>> minute.getHour() & 1) != 0
        && (months >>> minute.getMonthValue() & 1) != 0 && (dayOr ? dom || dow : dom && dow);
  }

  /** True when no date can ever match, e.g. {@code 0 0 31 2 *}. */
  public boolean neverFires() {
    return never;
  }

  /** The expression as given, trimmed. */
  public String expression() {
    return expression;
  }

  @Override
  public String toString() {
    return expression;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PosixCron c && minutes == c.minutes && hours == c.hours && doms == c.doms
        && months == c.months && dows == c.dows && dayOr == c.dayOr;
  }

  @Override
  public int hashCode() {
    return Objects.hash(minutes, hours, doms, months, dows, dayOr);
  }

  private static int nextBit(long mask, int from) {
    long rest = from > 63 ? 0 : mask & (-1L << from);
    return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
  }

  private static long daysUpTo(int length) {
    return (1L << (length + 1)) - 2;
  }

  private static long epochDay(long y, int m, int d) { // days from civil, proleptic Gregorian
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400), yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
  }

  /** Reads the fields of one expression; {@code base} maps indexes in {@code s} to columns of the caller's string. */
  private static final class Reader {
    private final String s;
    private final int base;
    private int p, end, f;

    Reader(String s, int base) {
      this.s = s;
      this.base = base;
    }

    int skip(int i, boolean blanks) {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t') == blanks) i++;
      return i;
    }

    CronSyntaxException fail(String what, int index, String fix) {
      return new CronSyntaxException(what + " (column " + (base + index + 1) + ")" + fix, base + index + 1);
    }

    long field(int field, int start, int stop) {
      f = field;
      p = start;
      end = stop;
      long mask = 0;
      while (true) {
        if (p == end || s.charAt(p) == ',') throw fail("empty item in " + FIELDS[f] + " list", p, ": remove the extra comma");
        mask |= item();
        if (p == end) return mask;
        p++; // item() stops only at a comma or the end of the field
      }
    }

    private long item() {
      int start = p, lo = LOW[f], hi = HIGH[f], step = 1;
      if (s.charAt(p) == '*') {
        p++;
      } else {
        lo = hi = value();
        if (peek() == '-') {
          p++;
          hi = value();
          if (hi < lo) throw fail(FIELDS[f] + " range " + s.substring(start, p) + " is reversed", start,
              f == 4 && hi == 0 ? ": write Sunday as 7 (e.g. MON-7)" : ": write the lower value first; ranges do not wrap");
        } else if (peek() == '/') {
          hi = HIGH[f]; // N/S means N-max/S, as in cronie
        }
      }
      if (peek() == '/') {
        int at = ++p;
        if (!digit(peek())) throw fail("missing step after '/' in " + FIELDS[f], at, ": write a number, e.g. */5");
        step = number();
        if (step == 0) throw fail(FIELDS[f] + " step 0 is invalid", at, ": use a step of 1 or more");
      }
      if (p < end && s.charAt(p) != ',') throw unexpected();
      long mask = 0;
      for (long v = lo; v <= hi; v += step) mask |= 1L << v;
      return mask;
    }

    private int value() {
      int start = p;
      if (digit(peek())) {
        int v = number();
        if (v < LOW[f] || v > HIGH[f]) throw fail(FIELDS[f] + " value " + s.substring(start, p) + " is out of range "
            + LOW[f] + "-" + HIGH[f], start, f == 4 ? ": 0 and 7 are Sunday" : "");
        return v;
      }
      while (p < end && Character.isLetter(s.charAt(p))) p++;
      if (p == start) throw unexpected();
      String word = s.substring(start, p), upper = word.toUpperCase(Locale.ROOT);
      int i = (f == 3 ? MONTHS : f == 4 ? DAYS : List.<String>of()).indexOf(upper);
      if (i >= 0) return f == 3 ? i + 1 : i;
      if (upper.equals("L") || upper.equals("W") || upper.equals("LW")) {
        p = start;
        throw unexpected();
      }
      if (f < 3) throw fail(FIELDS[f] + " does not take names, found " + word, start, ": use numbers " + LOW[f] + "-" + HIGH[f]);
      throw fail("unknown " + FIELDS[f] + " name " + word, start, f == 3 ? ": use JAN-DEC or 1-12" : ": use SUN-SAT or 0-7");
    }

    private CronSyntaxException unexpected() {
      if (p >= end) return fail(FIELDS[f] + " field ends where a value is expected", p, ": complete it, e.g. 1-5");
      char c = s.charAt(p);
      String[] quartz = switch (Character.toUpperCase(c)) {
        case '?' -> new String[] {"'?' (no specific value)", ": use * instead"};
        case 'L' -> new String[] {"'L' (last)", f == 2 ? ": list the days explicitly, e.g. 28-31" : ": remove it"};
        case 'W' -> new String[] {"'W' (nearest weekday)", ": list the days explicitly"};
        case '#' -> new String[] {"'#' (nth weekday)", ": use day-of-month 8-14 with * as day-of-week, check the weekday in the job"};
        default -> null;
      };
      if (quartz != null) return fail(quartz[0] + " is Quartz syntax, not POSIX cron", p, quartz[1]);
      String shown = c > ' ' && !Character.isISOControl(c) ? "'" + c + "'" : String.format("U+%04X", (int) c);
      return fail("unexpected character " + shown + " in " + FIELDS[f] + " field", p,
          ": use numbers, *, ranges N-M, steps /S and commas");
    }

    private int number() {
      long v = 0;
      while (digit(peek())) v = Math.min(v * 10 + (s.charAt(p++) - '0'), Integer.MAX_VALUE);
      return (int) v;
    }

    private char peek() {
      return p < end ? s.charAt(p) : 0;
    }

    private static boolean digit(char c) {
      return c >= '0' && c <= '9';
    }
  }
}
