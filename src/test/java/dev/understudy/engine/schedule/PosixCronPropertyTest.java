package dev.understudy.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.ArrayList;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link PosixCron} with a brute-force matcher that reads the generated field specs
 * directly (never PosixCron's masks) and walks the calendar minute by minute. Cases come from a
 * seeded generator: a failure names its seed, and {@code -Dcron.seed=N} replays it.
 */
class PosixCronPropertyTest {
  private static final long SEED = Long.getLong("cron.seed", System.nanoTime());

  private static final int[] LOW = {0, 0, 1, 1, 0};
  private static final int[] HIGH = {59, 23, 31, 12, 7};
  private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  private static final ZoneOffset UTC = ZoneOffset.UTC;
  private static final int HORIZON_YEARS = 5;

  /** One list item: its text and the values it stands for (lo..hi every step). */
  record Item(String text, boolean star, int lo, int hi, int step) {
    boolean has(int v) {
      return v >= lo && v <= hi && (v - lo) % step == 0;
    }
  }

  record Field(List<Item> items) {
    boolean has(int v) {
      for (Item i : items) if (i.has(v)) return true;
      return false;
    }

    boolean startsWithStar() {
      return items.get(0).star();
    }

    String text() {
      return items.stream().map(Item::text).collect(Collectors.joining(","));
    }
  }

  record Expr(List<Field> fields, List<String> separators) {
    String text() {
      StringBuilder b = new StringBuilder(fields.get(0).text());
      for (int f = 1; f < 5; f++) b.append(separators.get(f - 1)).append(fields.get(f).text());
      return b.toString();
    }

    boolean dayMatches(LocalDate d) {
      int weekday = d.getDayOfWeek().getValue() % 7; // Sunday = 0
      boolean dom = fields.get(2).has(d.getDayOfMonth());
      boolean dow = fields.get(4).has(weekday) || (weekday == 0 && fields.get(4).has(7));
      boolean either = !fields.get(2).startsWithStar() && !fields.get(4).startsWithStar();
      return fields.get(3).has(d.getMonthValue()) && (either ? dom || dow : dom && dow);
    }

    boolean matches(LocalDateTime t) {
      return fields.get(0).has(t.getMinute()) && fields.get(1).has(t.getHour()) && dayMatches(t.toLocalDate());
    }

    /**
     * First matching wall minute at or after {@code start}, within {@link #HORIZON_YEARS}. Walks minute by
     * minute, but skips a whole day at once when its date fails the day-level fields (a day that passes them
     * always has a matching minute, because no field is ever empty).
     */
    Optional<LocalDateTime> firstFrom(LocalDateTime start) {
      LocalDate stop = start.toLocalDate().plusYears(HORIZON_YEARS);
      int minute = start.getHour() * 60 + start.getMinute();
      for (LocalDate day = start.toLocalDate(); !day.isAfter(stop); day = day.plusDays(1), minute = 0) {
        if (!dayMatches(day)) continue;
        for (; minute < 1440; minute++) {
          LocalDateTime t = day.atTime(minute / 60, minute % 60);
          if (matches(t)) return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }

  private static Optional<Instant> bruteNext(Expr e, Instant after) {
    LocalDateTime start = LocalDateTime.ofEpochSecond(after.getEpochSecond(), 0, UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    return e.firstFrom(start).map(t -> t.toInstant(UTC));
  }

  private static Instant horizon(Instant after) {
    return LocalDateTime.ofInstant(after, UTC).toLocalDate().plusYears(HORIZON_YEARS).plusDays(1).atStartOfDay().toInstant(UTC);
  }

  @Test
  void nextAfterAgreesWithBruteForce() {
    Gen g = new Gen(SEED);
    for (int i = 0; i < 1000; i++) nextAfterAgreesWithBruteForce(g.expression(), g.instant());
  }

  private void nextAfterAgreesWithBruteForce(Expr e, Instant t) {
    PosixCron cron = PosixCron.parse(e.text());
    Instant after = t;
    for (int i = 0; i < 3; i++) {
      Optional<Instant> expected = bruteNext(e, after);
      Optional<Instant> actual = cron.nextAfter(after, UTC);
      if (expected.isEmpty()) {
        // nothing within the horizon: either it never fires or the next fire lies beyond it
        Instant limit = horizon(after);
        actual.ifPresent(a -> assertThat(a).as("%s (seed %d)", e.text(), SEED).isAfterOrEqualTo(limit));
        return;
      }
      assertThat(cron.neverFires()).as("%s (seed %d)", e.text(), SEED).isFalse();
      assertThat(actual).as("%s after %s (seed %d)", e.text(), after, SEED).isEqualTo(expected);
      after = actual.get();
    }
  }

  @Test
  void matchesIsTrueAtEachFireAndFalseBetween() {
    Gen g = new Gen(SEED + 1);
    for (int i = 0; i < 300; i++) matchesIsTrueAtEachFireAndFalseBetween(g.expression(), g.instant());
  }

  private void matchesIsTrueAtEachFireAndFalseBetween(Expr e, Instant t) {
    PosixCron cron = PosixCron.parse(e.text());
    Optional<Instant> next = cron.nextAfter(t, UTC);
    if (next.isEmpty()) return;
    LocalDateTime fire = LocalDateTime.ofInstant(next.get(), UTC);
    assertThat(cron.matches(fire)).as("%s (seed %d)", e.text(), SEED).isTrue();
    LocalDateTime first = LocalDateTime.ofInstant(t, UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    long between = ChronoUnit.MINUTES.between(first, fire);
    long cap = 200_000; // check both ends of very long gaps only, to keep the run short
    LocalDateTime wronglyMatched = null;
    for (long m = 0; m < between && wronglyMatched == null; m++) {
      if (m == cap && between > 2 * cap) m = between - cap;
      LocalDateTime minute = first.plusMinutes(m);
      if (cron.matches(minute)) wronglyMatched = minute;
    }
    assertThat(wronglyMatched).as("%s matches a minute before its next fire %s (seed %d)", e.text(), fire, SEED).isNull();
  }

  @Test
  void matchesAgreesWithTheFieldSpecs() {
    Gen g = new Gen(SEED + 2);
    for (int i = 0; i < 1000; i++) matchesAgreesWithTheFieldSpecs(g.expression(), g.instant());
  }

  private void matchesAgreesWithTheFieldSpecs(Expr e, Instant t) {
    PosixCron cron = PosixCron.parse(e.text());
    LocalDateTime minute = LocalDateTime.ofInstant(t, UTC);
    for (int i = 0; i < 50; i++, minute = minute.plusMinutes(997)) {
      assertThat(cron.matches(minute)).as("%s at %s (seed %d)", e.text(), minute, SEED).isEqualTo(e.matches(minute));
    }
  }

  @Test
  void daylightSavingZonesFollowOfLocal() {
    Gen g = new Gen(SEED + 3);
    for (int i = 0; i < 300; i++) daylightSavingZonesFollowOfLocal(g.expression(), g.instant(), g.dstZone());
  }

  private void daylightSavingZonesFollowOfLocal(Expr e, Instant t, ZoneId zone) {
    PosixCron cron = PosixCron.parse(e.text());
    // independent definition: the first matching wall minute whose ZonedDateTime.ofLocal instant is after t
    LocalDateTime wall = LocalDateTime.ofInstant(t, zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    Optional<Instant> expected = Optional.empty();
    for (int guard = 0; guard < 1000; guard++) {
      Optional<LocalDateTime> candidate = e.firstFrom(wall);
      if (candidate.isEmpty()) break;
      Instant fire = ZonedDateTime.ofLocal(candidate.get(), zone, null).toInstant();
      if (fire.isAfter(t)) {
        expected = Optional.of(fire);
        break;
      }
      wall = candidate.get().plusMinutes(1);
    }
    if (expected.isEmpty()) return; // beyond the brute-force horizon
    assertThat(cron.nextAfter(t, zone)).as("%s after %s in %s (seed %d)", e.text(), t, zone, SEED).isEqualTo(expected);
  }

  /** Random expressions from the grammar, instants in 2020-2035, and zones with daylight saving. */
  private static final class Gen {
    private static final List<ZoneId> DST_ZONES = List.of(ZoneId.of("America/New_York"), ZoneId.of("Europe/Paris"),
        ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/Santiago"));
    private static final List<String> SEPARATORS = List.of(" ", " ", "\t", "  ", " \t ");
    private static final long FROM = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
    private static final long TO = Instant.parse("2035-12-31T23:59:59Z").getEpochSecond();
    private final SplittableRandom r;

    Gen(long seed) {
      this.r = new SplittableRandom(seed);
    }

    ZoneId dstZone() {
      return DST_ZONES.get(r.nextInt(DST_ZONES.size()));
    }

    Instant instant() {
      long s = r.nextLong(FROM, TO + 1);
      return r.nextBoolean() ? Instant.ofEpochSecond(s - Math.floorMod(s, 60)) : Instant.ofEpochSecond(s, r.nextInt(1_000_000_000));
    }

    Expr expression() {
      List<Field> fields = new ArrayList<>();
      for (int f = 0; f < 5; f++) fields.add(field(f));
      List<String> seps = new ArrayList<>();
      for (int i = 0; i < 4; i++) seps.add(SEPARATORS.get(r.nextInt(SEPARATORS.size())));
      return new Expr(fields, seps);
    }

    private Field field(int f) {
      List<Item> items = new ArrayList<>();
      int n = 1 + r.nextInt(3);
      for (int i = 0; i < n; i++) items.add(item(f));
      return new Field(items);
    }

    /** Star 3, star-step 2, value 4, range 3, range-step 2, value-step 1: weights as the grammar's forms. */
    private Item item(int f) {
      int lo = LOW[f];
      int hi = HIGH[f];
      int pick = r.nextInt(15);
      if (pick < 3) return new Item("*", true, lo, hi, 1);
      if (pick < 5) {
        int s = step(lo, hi);
        return new Item("*/" + s, true, lo, hi, s);
      }
      if (pick < 9) {
        int x = value(lo, hi);
        return new Item(render(f, x, r.nextInt(4)), false, x, x, 1);
      }
      int x = value(lo, hi);
      int y = value(lo, hi);
      int a = Math.min(x, y);
      int b = Math.max(x, y);
      if (pick < 12) return new Item(render(f, a, r.nextInt(4)) + "-" + render(f, b, r.nextInt(4)), false, a, b, 1);
      int s = step(lo, hi);
      int style = r.nextInt(4);
      if (pick < 14) return new Item(render(f, a, style) + "-" + render(f, b, style) + "/" + s, false, a, b, s);
      return new Item(render(f, x, style) + "/" + s, false, x, hi, s);
    }

    private int value(int lo, int hi) {
      return r.nextInt(lo, hi + 1);
    }

    private int step(int lo, int hi) {
      return r.nextInt(1, hi - lo + 4);
    }
  }

  /** A value as a number, or (month and weekday fields) as a name in upper, lower or mixed case. */
  private static String render(int f, int value, int style) {
    String name = f == 3 ? MONTHS[value - 1] : f == 4 && value < 7 ? DAYS[value] : null;
    if (name == null || style == 0) return Integer.toString(value);
    return switch (style) {
      case 1 -> name;
      case 2 -> name.toLowerCase(Locale.ROOT);
      default -> name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    };
  }
}
