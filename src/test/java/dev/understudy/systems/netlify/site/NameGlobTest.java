package dev.understudy.systems.netlify.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameGlobTest {
  @Test
  void matchesAsMinimatchDoesForNamesWithoutSlashes() {
    assertThat(NameGlob.matches("report-daily", "report-*")).isTrue();
    assertThat(NameGlob.matches("report", "report-*")).isFalse();
    assertThat(NameGlob.matches("anything", "*")).isTrue();
    assertThat(NameGlob.matches("a1", "a?")).isTrue();
    assertThat(NameGlob.matches("alpha-job", "{alpha,beta}-job")).isTrue();
    assertThat(NameGlob.matches("gamma-job", "{alpha,beta}-job")).isFalse();
    assertThat(NameGlob.matches("v2", "v[0-9]")).isTrue();
    assertThat(NameGlob.matches("vx", "v[!0-9]")).isTrue();
    assertThat(NameGlob.matches("a.b", "a.b")).isTrue();
    assertThat(NameGlob.matches("axb", "a.b")).as("a dot is a dot").isFalse();
    assertThat(NameGlob.matches(".hidden", "*")).isFalse();
    assertThat(NameGlob.matches(".hidden", ".h*")).isTrue();
  }

  @Test
  void heavierPatternsAreMoreSpecific() {
    assertThat(NameGlob.weight("*")).isEqualTo(-1);
    assertThat(NameGlob.weight("net*")).isEqualTo(2);
    assertThat(NameGlob.weight("netlify")).isGreaterThan(NameGlob.weight("netlify*"));
  }
}
