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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Compares {@link PosixCron} with a brute-force matcher that reads the generated field specs
 * directly (never PosixCron's masks) and walks the calendar minute by minute.
 */
class PosixCronPropertyTest {

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

  @Property(tries = 1000)
  void nextAfterAgreesWithBruteForce(@ForAll("expressions") Expr e, @ForAll("instants") Instant t) {
    PosixCron cron = PosixCron.parse(e.text());
    Instant after = t;
    for (int i = 0; i < 3; i++) {
      Optional<Instant> expected = bruteNext(e, after);
      Optional<Instant> actual = cron.nextAfter(after, UTC);
      if (expected.isEmpty()) {
        // nothing within the horizon: either it never fires or the next fire lies beyond it
        Instant limit = horizon(after);
        actual.ifPresent(a -> assertThat(a).as(e.text()).isAfterOrEqualTo(limit));
        return;
      }
      assertThat(cron.neverFires()).as(e.text()).isFalse();
      assertThat(actual).as("%s after %s", e.text(), after).isEqualTo(expected);
      after = actual.get();
    }
  }

  @Property(tries = 300)
  void matchesIsTrueAtEachFireAndFalseBetween(@ForAll("expressions") Expr e, @ForAll("instants") Instant t) {
    PosixCron cron = PosixCron.parse(e.text());
    Optional<Instant> next = cron.nextAfter(t, UTC);
    if (next.isEmpty()) return;
    LocalDateTime fire = LocalDateTime.ofInstant(next.get(), UTC);
    assertThat(cron.matches(fire)).as(e.text()).isTrue();
    LocalDateTime first = LocalDateTime.ofInstant(t, UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    long between = ChronoUnit.MINUTES.between(first, fire);
    long cap = 200_000; // check both ends of very long gaps only, to keep the run short
    LocalDateTime wronglyMatched = null;
    for (long m = 0; m < between && wronglyMatched == null; m++) {
      if (m == cap && between > 2 * cap) m = between - cap;
      LocalDateTime minute = first.plusMinutes(m);
      if (cron.matches(minute)) wronglyMatched = minute;
    }
    assertThat(wronglyMatched).as("%s matches a minute before its next fire %s", e.text(), fire).isNull();
  }

  @Property(tries = 1000)
  void matchesAgreesWithTheFieldSpecs(@ForAll("expressions") Expr e, @ForAll("instants") Instant t) {
    PosixCron cron = PosixCron.parse(e.text());
    LocalDateTime minute = LocalDateTime.ofInstant(t, UTC);
    for (int i = 0; i < 50; i++, minute = minute.plusMinutes(997)) {
      assertThat(cron.matches(minute)).as("%s at %s", e.text(), minute).isEqualTo(e.matches(minute));
    }
  }

  @Property(tries = 300)
  void daylightSavingZonesFollowOfLocal(
      @ForAll("expressions") Expr e, @ForAll("instants") Instant t, @ForAll("dstZones") ZoneId zone) {
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
    assertThat(cron.nextAfter(t, zone)).as("%s after %s in %s", e.text(), t, zone).isEqualTo(expected);
  }

  @Provide
  Arbitrary<ZoneId> dstZones() {
    return Arbitraries.of("America/New_York", "Europe/Paris", "Australia/Lord_Howe", "America/Santiago").map(ZoneId::of);
  }

  @Provide
  Arbitrary<Instant> instants() {
    long from = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2035-12-31T23:59:59Z").getEpochSecond();
    return Combinators.combine(Arbitraries.longs().between(from, to), Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 999_999_999))
        .as((s, onMinute, nanos) -> onMinute ? Instant.ofEpochSecond(s - Math.floorMod(s, 60)) : Instant.ofEpochSecond(s, nanos));
  }

  @Provide
  Arbitrary<Expr> expressions() {
    Arbitrary<List<String>> separators = Arbitraries.of(" ", " ", "\t", "  ", " \t ").list().ofSize(4);
    return Combinators.combine(field(0), field(1), field(2), field(3), field(4), separators)
        .as((mi, h, dom, mo, dow, seps) -> new Expr(List.of(mi, h, dom, mo, dow), seps));
  }

  private static Arbitrary<Field> field(int f) {
    return item(f).list().ofMinSize(1).ofMaxSize(3).map(Field::new);
  }

  private static Arbitrary<Item> item(int f) {
    int lo = LOW[f], hi = HIGH[f];
    Arbitrary<Integer> v = Arbitraries.integers().between(lo, hi);
    Arbitrary<Integer> step = Arbitraries.integers().between(1, hi - lo + 3);
    Arbitrary<Integer> style = Arbitraries.integers().between(0, 3);
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(new Item("*", true, lo, hi, 1))),
        Tuple.of(2, step.map(s -> new Item("*/" + s, true, lo, hi, s))),
        Tuple.of(4, Combinators.combine(v, style).as((x, s) -> new Item(render(f, x, s), false, x, x, 1))),
        Tuple.of(3, Combinators.combine(v, v, style, style).as((x, y, s1, s2) -> {
          int a = Math.min(x, y), b = Math.max(x, y);
          return new Item(render(f, a, s1) + "-" + render(f, b, s2), false, a, b, 1);
        })),
        Tuple.of(2, Combinators.combine(v, v, step, style).as((x, y, s, st) -> {
          int a = Math.min(x, y), b = Math.max(x, y);
          return new Item(render(f, a, st) + "-" + render(f, b, st) + "/" + s, false, a, b, s);
        })),
        Tuple.of(1, Combinators.combine(v, step, style).as((x, s, st) -> new Item(render(f, x, st) + "/" + s, false, x, hi, s))));
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
