package dev.understudy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.understudy.engine.queue.ConcurrencyPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  UnderstudyConfig load(String yaml, Map<String, String> env) throws IOException {
    if (yaml != null) Files.writeString(dir.resolve("understudy.yml"), yaml);
    return new ConfigLoader(env).read(dir);
  }

  String file() {
    return dir.resolve("understudy.yml").toString();
  }

  @Test
  void withoutAFileDefaultsApply() throws IOException {
    UnderstudyConfig c = load(null, Map.of());
    assertThat(c.source()).isEqualTo("defaults");
    assertThat(c.daemon().host()).isEqualTo("127.0.0.1");
    assertThat(c.daemon().port()).isZero();
    assertThat(c.store().url()).isEmpty();
    assertThat(c.defaultMode()).isEqualTo(Mode.FAILOVER);
    assertThat(c.health().interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.systems()).containsOnlyKeys("pm2", "githubActions", "netlifyFunctions", "gitSync");
    assertThat(c.jobs()).isEmpty();
  }

  @Test
  void readsEverySection() throws IOException {
    UnderstudyConfig c = load("""
        mode: replace
        environment: staging
        daemon: {port: 8123}
        store:
          url: jdbc:postgresql://db:5432/understudy
          username: u
          password: s3cret
        queue: {workers: 4, retention: 7d, startingDeadline: 2h, concurrency: {githubActions: 2}}
        log: {level: debug}
        health: {interval: 45s}
        pm2: {mode: off}
        gitSync: {enabled: true, interval: 10m, branch: main, strategy: merge}
        jobs:
          report:
            command: ["node", "report.js"]
            schedule: "0 2 * * *"
            timezone: Europe/Paris
            cwd: scripts
            env: {A: "1"}
            timeout: 5m
            retries: 4
            backoff: 30s
            concurrency: forbid
            priority: 5
          shell:
            command: echo hi && date
        """, Map.of());
    assertThat(c.defaultMode()).isEqualTo(Mode.REPLACE);
    assertThat(c.modeOf("pm2")).isEqualTo(Mode.OFF);
    assertThat(c.modeOf("githubActions")).isEqualTo(Mode.REPLACE);
    assertThat(c.environment()).isEqualTo("staging");
    assertThat(c.daemon().port()).isEqualTo(8123);
    assertThat(c.store().url()).contains("jdbc:postgresql://db:5432/understudy");
    assertThat(c.queue().workers()).isEqualTo(4);
    assertThat(c.queue().retention()).isEqualTo(Duration.ofDays(7));
    assertThat(c.queue().startingDeadline()).isEqualTo(Duration.ofHours(2));
    assertThat(c.queue().concurrency()).containsEntry("githubActions", 2);
    assertThat(c.log().level()).isEqualTo("debug");
    assertThat(c.health().interval()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.gitSync().enabled()).isTrue();
    assertThat(c.gitSync().strategy()).isEqualTo("merge");
    JobSettings report = c.job("report").orElseThrow();
    assertThat(report.command()).containsExactly("node", "report.js");
    assertThat(report.schedule()).contains("0 2 * * *");
    assertThat(report.timezone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(report.cwd()).isEqualTo(dir.toAbsolutePath().resolve("scripts"));
    assertThat(report.retries()).isEqualTo(4);
    assertThat(report.concurrency()).isEqualTo(ConcurrencyPolicy.FORBID);
    assertThat(c.job("shell").orElseThrow().command()).containsExactly("sh", "-c", "echo hi && date");
  }

  @Test
  void unknownKeyIsReportedAtItsLineAndColumnWithASuggestion() {
    assertThatThrownBy(() -> load("daemon:\n  prot: 8080\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file() + ":2:3: unknown key 'prot' in 'daemon': did you mean 'port'?");
  }

  @Test
  void unknownTopLevelKeyListsTheKnownOnesWhenNothingIsClose() {
    assertThatThrownBy(() -> load("mode: replace\nzzzzzzzz: 1\n", Map.of()))
        .hasMessageStartingWith(file() + ":2:1: unknown key 'zzzzzzzz': known keys:");
  }

  @Test
  void duplicateKeyIsAnError() {
    assertThatThrownBy(() -> load("mode: replace\nmode: off\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(":2:1: duplicate key 'mode'")
        .hasMessageContaining("line 1");
  }

  @Test
  void yamlSyntaxErrorNamesThePosition() {
    assertThatThrownBy(() -> load("daemon:\n  port: [1, 2\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file() + ":3:")
        .hasMessageContaining("YAML syntax error");
  }

  @Test
  void badCronInAJobIsReportedWhereItIs() {
    assertThatThrownBy(() -> load("jobs:\n  x:\n    command: [true]\n    schedule: \"61 * * * *\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file() + ":4:15: invalid cron '61 * * * *'")
        .hasMessageContaining("understudy cron");
  }

  @Test
  void aScheduleThatNeverFiresIsAnError() {
    assertThatThrownBy(() -> load("jobs:\n  x:\n    command: [a]\n    schedule: \"0 0 31 2 *\"\n", Map.of()))
        .hasMessageStartingWith(file() + ":4:15: cron '0 0 31 2 *' never fires");
  }

  @Test
  void badValuesSayWhatIsAccepted() {
    assertThatThrownBy(() -> load("daemon:\n  port: 70000\n", Map.of())).hasMessageContaining(":2:9:").hasMessageContaining("0 to 65535");
    assertThatThrownBy(() -> load("mode: sometimes\n", Map.of())).hasMessageContaining(":1:7:").hasMessageContaining("replace, failover or off");
    assertThatThrownBy(() -> load("queue:\n  retention: forever\n", Map.of())).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> load("jobs:\n  x:\n    command: [a]\n    timezone: Mars/Base\n", Map.of())).hasMessageContaining("unknown time zone 'Mars/Base'");
    assertThatThrownBy(() -> load("jobs:\n  x:\n    schedule: '@daily'\n", Map.of())).hasMessageContaining("job 'x' has no command");
    assertThatThrownBy(() -> load("store:\n  url: jdbc:mysql://x/y\n", Map.of())).hasMessageContaining("not supported");
  }

  @Test
  void environmentOverridesTheFileIncludingTheNodeScriptsNames() throws IOException {
    UnderstudyConfig c = load("mode: replace\nlog: {level: info}\ndaemon: {port: 9000}\n", Map.of(
        "REDUNDANCY_MODE", "off",
        "LOG_LEVEL", "WARN",
        "NODE_ENV", "development",
        "HEALTH_CHECK_INTERVAL", "30000",
        "UNDERSTUDY_PORT", "9100",
        "AUTO_SYNC_ENABLED", "true",
        "AUTO_SYNC_INTERVAL", "60000",
        "AUTO_SYNC_BRANCH", "release",
        "AUTO_SYNC_STRATEGY", "ff-only"));
    assertThat(c.defaultMode()).isEqualTo(Mode.OFF);
    assertThat(c.log().level()).isEqualTo("warn");
    assertThat(c.environment()).isEqualTo("development");
    assertThat(c.health().interval()).isEqualTo(Duration.ofSeconds(30)); // a bare number is milliseconds, as in Node
    assertThat(c.daemon().port()).isEqualTo(9100);
    assertThat(c.gitSync().enabled()).isTrue();
    assertThat(c.systems().get("gitSync").enabled()).isTrue();
    assertThat(c.gitSync().interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.gitSync().branch()).contains("release");
    assertThat(c.gitSync().strategy()).isEqualTo("ff-only");
  }

  @Test
  void badEnvironmentValueNamesTheVariable() {
    assertThatThrownBy(() -> load(null, Map.of("REDUNDANCY_MODE", "maybe")))
        .hasMessageStartingWith("environment variable REDUNDANCY_MODE: 'maybe' is not a mode")
        .hasMessageContaining("fix or unset REDUNDANCY_MODE");
    assertThatThrownBy(() -> load(null, Map.of("UNDERSTUDY_PORT", "http")))
        .hasMessageContaining("UNDERSTUDY_PORT");
  }

  @Test
  void anchorsAndAliasesWork() throws IOException {
    UnderstudyConfig c = load("""
        jobs:
          a: &base
            command: ["true"]
            retries: 7
          b: *base
        """, Map.of());
    assertThat(c.jobs()).extracting(JobSettings::name).isEqualTo(List.of("a", "b"));
    assertThat(c.job("b").orElseThrow().retries()).isEqualTo(7);
  }

  @Test
  void missingProjectDirectoryIsExplained() {
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).read(dir.resolve("nope")))
        .hasMessageContaining("project directory does not exist");
  }

  @Test
  void githubActionsBackupsAndAutoRestore() throws IOException {
    UnderstudyConfig d = load(null, Map.of());
    assertThat(d.githubActions().autoRestore()).isFalse();
    assertThat(d.githubActions().backupsKeep()).isEqualTo(20);
    UnderstudyConfig c = load("githubActions:\n  mode: replace\n  autoRestore: true\n  backups: {keep: 5}\n", Map.of());
    assertThat(c.githubActions().autoRestore()).isTrue();
    assertThat(c.githubActions().backupsKeep()).isEqualTo(5);
    assertThat(c.modeOf("githubActions")).isEqualTo(Mode.REPLACE);
  }

  @Test
  void badGithubActionsSettingsArePlaced() {
    assertThatThrownBy(() -> load("githubActions:\n  backups: {keep: 0}\n", Map.of()))
        .hasMessage(file() + ":2:19: 'githubActions.backups.keep' is 0: use a number from 1 to 1000");
    assertThatThrownBy(() -> load("githubActions:\n  autoRestore: yes\n", Map.of()))
        .hasMessage(file() + ":2:16: 'githubActions.autoRestore' must be true or false, not 'yes': write true or false");
    assertThatThrownBy(() -> load("githubActions:\n  backups: {kep: 3}\n", Map.of()))
        .hasMessage(file() + ":2:13: unknown key 'kep' in 'githubActions.backups': did you mean 'keep'?");
    assertThatThrownBy(() -> load("pm2:\n  autoRestore: true\n", Map.of()))
        .hasMessageContaining("unknown key 'autoRestore' in 'pm2'");
  }

  @Test
  void pm2EcosystemSettings() throws IOException {
    UnderstudyConfig none = load(null, Map.of());
    assertThat(none.pm2()).isEqualTo(UnderstudyConfig.Pm2.DEFAULTS);

    UnderstudyConfig c = load("pm2:\n  mode: replace\n  ecosystem: deploy/eco.config.js\n  env: production\n", Map.of());
    assertThat(c.pm2().ecosystem()).contains(dir.toAbsolutePath().normalize().resolve("deploy/eco.config.js"));
    assertThat(c.pm2().env()).contains("production");
    assertThat(c.pm2().apps()).isEmpty();
    assertThat(c.modeOf("pm2")).isEqualTo(Mode.REPLACE);

    UnderstudyConfig a = load("pm2:\n  apps:\n    - name: web\n      script: web.js\n", Map.of());
    assertThat(a.pm2().apps()).isPresent();
    assertThat(a.pm2().file()).isEqualTo(file());
  }

  @Test
  void badPm2SettingsArePlaced() {
    assertThatThrownBy(() -> load("pm2:\n  apps: web.js\n", Map.of()))
        .hasMessage(file() + ":2:9: 'pm2.apps' must be a list of apps: write - name: web / script: server.js, one app per item");
    assertThatThrownBy(() -> load("pm2:\n  ecosystem: e.json\n  apps: []\n", Map.of()))
        .hasMessage(file() + ":3:9: both 'pm2.apps' and 'pm2.ecosystem' are set: keep one: apps written here, or the ecosystem file to read");
    assertThatThrownBy(() -> load("pm2:\n  env: env_production\n", Map.of()))
        .hasMessageContaining("not an environment name").hasMessageStartingWith(file() + ":2:8");
    assertThatThrownBy(() -> load("pm2:\n  env: \"prod uction\"\n", Map.of()))
        .hasMessageStartingWith(file() + ":2:8: 'pm2.env' is 'prod uction'");
    assertThatThrownBy(() -> load("pm2:\n  app: []\n", Map.of()))
        .hasMessage(file() + ":2:3: unknown key 'app' in 'pm2': did you mean 'apps'?");
  }
}
