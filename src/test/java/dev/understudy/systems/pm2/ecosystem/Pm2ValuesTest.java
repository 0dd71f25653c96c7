package dev.understudy.systems.pm2.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Pm2ValuesTest {
  @ParameterizedTest
  @CsvSource({"5000,5000", "5s,5000", "1m,60000", "2h,7200000", "1.5s,1500", "100,100", "' 3s ',3000"})
  void durationsAsPm2TakesThem(String text, long millis) {
    assertThat(Pm2Values.stime(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource({"5ms", "5 s", "5d", "-1", "abc", "''"})
  void durationsPm2Refuses(String text) {
    assertThatThrownBy(() -> Pm2Values.stime(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PM2 duration");
  }

  @ParameterizedTest
  @CsvSource({"209715200,209715200", "200M,209715200", "1G,1073741824", "512K,524288", "1.5G,1610612736"})
  void memorySizes(String text, long bytes) {
    assertThat(Pm2Values.sbyte(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"200MB", "200m", "1 G", "lots"})
  void memorySizesPm2Refuses(String text) {
    assertThatThrownBy(() -> Pm2Values.sbyte(text)).hasMessageContaining("not a PM2 memory size");
  }

  @Test
  void argsSplitLikePm2WithoutAShell() {
    assertThat(Pm2Values.splitArgs("--port 3000 -v")).containsExactly("--port", "3000", "-v");
    assertThat(Pm2Values.splitArgs("  a   b  ")).containsExactly("a", "b");
    assertThat(Pm2Values.splitArgs("\"hello world\" 'it is' x")).containsExactly("hello world", "it is", "x");
    // PM2 keeps key="value with spaces" as one argument, quotes included
    assertThat(Pm2Values.splitArgs("--name=\"my app\" --x")).containsExactly("--name=\"my app\"", "--x");
    // no shell: variables and globs stay as written
    assertThat(Pm2Values.splitArgs("$HOME *.js")).containsExactly("$HOME", "*.js");
    assertThat(Pm2Values.splitArgs("")).isEmpty();
  }

  @Test
  void momentDateFormatsBecomeJavaPatterns() {
    LocalDateTime t = LocalDateTime.of(2026, 3, 4, 15, 6, 7, 89_000_000);
    assertThat(fmt("YYYY-MM-DD HH:mm:ss", t)).isEqualTo("2026-03-04 15:06:07");
    assertThat(fmt(EcosystemApp.TIME_DATE_FORMAT, t)).isEqualTo("2026-03-04T15:06:07");
    assertThat(fmt("YYYY-MM-DD HH:mm:ss.SSS Z", t)).isEqualTo("2026-03-04 15:06:07.089 +00:00");
    assertThat(fmt("[at] h:mm A", t)).isEqualTo("at 3:06 PM");
    assertThat(fmt("DD/MM/YY", t)).isEqualTo("04/03/26");
  }

  private static String fmt(String moment, LocalDateTime t) {
    return DateTimeFormatter.ofPattern(Pm2Values.javaDatePattern(moment), java.util.Locale.ROOT).format(t.atOffset(ZoneOffset.UTC));
  }

  @Test
  void defaultNameIsTheBaseNameWithoutExtension() {
    assertThat(AppParser.defaultName("server/web.js")).isEqualTo("web");
    assertThat(AppParser.defaultName("app.config.js")).isEqualTo("app.config");
    assertThat(AppParser.defaultName("bin/serve")).isEqualTo("serve");
    assertThat(AppParser.defaultName(".hidden")).isEqualTo(".hidden");
    assertThat(List.of()).isEmpty();
  }
}
