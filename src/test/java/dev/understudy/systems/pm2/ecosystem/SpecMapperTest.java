package dev.understudy.systems.pm2.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.engine.supervise.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecMapperTest {
  @TempDir Path dir;

  Path logs() {
    return dir.resolve("logs");
  }

  List<SpecMapper.AppSpecs> map(String yaml) throws IOException {
    Files.writeString(dir.resolve("a.js"), "");
    Files.writeString(dir.resolve("b.sh"), "");
    Path f = dir.resolve("ecosystem.yml");
    Files.writeString(f, yaml);
    Ecosystem e = new EcosystemReader(EcosystemReader.Options.defaults()
        .withProcessEnv(Map.of("PATH", System.getenv("PATH"))).withCpus(4)).read(f);
    assertThat(e.errors()).isEmpty();
    return SpecMapper.map(e, new SpecMapper.Options(logs(), Map.of("HOME", "/home/u", "PORT", "1"), 0));
  }

  @Test
  void singleForkAppWithPm2Defaults() throws IOException {
    ProcessSpec s = map("apps:\n  - script: a.js\n").get(0).specs().get(0);
    assertThat(s.name()).isEqualTo("a");
    assertThat(s.argv()).containsExactly("node", dir.resolve("a.js").toString());
    assertThat(s.cwd()).isEqualTo(dir.toAbsolutePath());
    assertThat(s.env()).containsEntry("HOME", "/home/u").containsEntry("name", "a").containsEntry("pm_id", "0")
        .containsEntry("NODE_APP_INSTANCE", "0");
    assertThat(s.restart()).isEqualTo(ProcessSpec.RestartPolicy.DEFAULTS);
    assertThat(s.killTimeout()).isEqualTo(ProcessSpec.DEFAULT_KILL_TIMEOUT);
    assertThat(s.ready()).isEqualTo(ProcessSpec.Ready.IMMEDIATE);
    assertThat(s.readyTimeout()).isEqualTo(ProcessSpec.DEFAULT_LISTEN_TIMEOUT);
    assertThat(s.maxMemoryBytes()).isZero();
    assertThat(s.cronRestart()).isEmpty();
    assertThat(s.outFile()).isEqualTo(logs().resolve("a-out.log"));
    assertThat(s.errFile()).isEqualTo(logs().resolve("a-error.log"));
    assertThat(s.logTimestamps()).isEmpty();
  }

  @Test
  void forkInstancesWithIncrementVarAndPmIds() throws IOException {
    List<SpecMapper.AppSpecs> apps = map("""
        apps:
          - name: first
            script: a.js
          - name: api
            script: a.js
            exec_mode: fork
            instances: 3
            increment_var: PORT
            env:
              PORT: 3000
        """);
    assertThat(apps.get(1).cluster()).isFalse();
    List<ProcessSpec> specs = apps.get(1).specs();
    assertThat(specs).extracting(ProcessSpec::name).containsExactly("api-0", "api-1", "api-2");
    assertThat(specs).extracting(s -> s.env().get("PORT")).containsExactly("3000", "3001", "3002");
    assertThat(specs).extracting(s -> s.env().get("NODE_APP_INSTANCE")).containsExactly("0", "1", "2");
    assertThat(specs).extracting(s -> s.env().get("pm_id")).containsExactly("1", "2", "3");
    assertThat(specs).extracting(s -> s.env().get("name")).containsOnly("api");
    // instances written: logs are split per pm_id, as PM2 does
    assertThat(specs).extracting(ProcessSpec::outFile)
        .containsExactly(logs().resolve("api-out-1.log"), logs().resolve("api-out-2.log"), logs().resolve("api-out-3.log"));
    assertThat(specs.get(0).errFile()).isEqualTo(logs().resolve("api-error-1.log"));
  }

  @Test
  void incrementVarWithoutAStartValueCountsFromZero() throws IOException {
    List<ProcessSpec> specs = map("apps:\n  - script: a.js\n    exec_mode: fork\n    instances: 2\n    increment_var: SLOT\n").get(0).specs();
    assertThat(specs).extracting(s -> s.env().get("SLOT")).containsExactly("0", "1");
  }

  @Test
  void instancesMaxAndMinusOneAndClusterRule() throws IOException {
    List<SpecMapper.AppSpecs> apps = map("""
        apps:
          - {name: max, script: a.js, instances: max}
          - {name: minus, script: a.js, instances: -1}
          - {name: zero, script: a.js, instances: 0}
          - {name: shell, script: b.sh, instances: 2}
          - {name: forced, script: a.js, instances: 2, exec_mode: fork_mode}
          - {name: single, script: a.js, exec_mode: cluster}
        """);
    assertThat(apps).extracting(SpecMapper.AppSpecs::workers).containsExactly(4, 3, 4, 2, 2, 1);
    assertThat(apps).extracting(SpecMapper.AppSpecs::cluster).containsExactly(true, true, true, false, false, true);
    assertThat(apps.get(0).specs()).extracting(ProcessSpec::name).containsExactly("max-0", "max-1", "max-2", "max-3");
    // cluster: logs per worker; the single cluster app too
    assertThat(apps.get(5).specs().get(0).outFile()).isEqualTo(logs().resolve("single-out-" + (4 + 3 + 4 + 2 + 2) + ".log"));
  }

  @Test
  void mergeLogsAndWrittenLogPaths() throws IOException {
    List<SpecMapper.AppSpecs> apps = map("""
        apps:
          - name: merged
            script: a.js
            instances: 2
            merge_logs: true
          - name: custom
            script: a.js
            out_file: ./out/custom.log
            error_file: /dev/null
            log_file: true
          - name: "odd name/x"
            script: a.js
          - name: quiet
            script: a.js
            disable_logs: true
        """);
    assertThat(apps.get(0).specs()).extracting(ProcessSpec::outFile).containsOnly(logs().resolve("merged-out.log"));
    ProcessSpec custom = apps.get(1).specs().get(0);
    assertThat(custom.outFile()).isEqualTo(dir.resolve("out/custom.log"));
    assertThat(custom.errFile()).isEqualTo(Path.of("/dev/null"));
    assertThat(apps.get(1).combinedLogs()).containsExactly(Optional.of(logs().resolve("custom.log")));
    ProcessSpec odd = apps.get(2).specs().get(0);
    assertThat(odd.name()).isEqualTo("odd name/x");
    assertThat(odd.outFile()).isEqualTo(logs().resolve("odd-name-x-out.log"));
    assertThat(apps.get(3).specs().get(0).outFile()).isEqualTo(Path.of("/dev/null"));
    assertThat(apps.get(3).specs().get(0).errFile()).isEqualTo(Path.of("/dev/null"));
  }

  @Test
  void readyRestartAndTimestamps() throws IOException {
    List<SpecMapper.AppSpecs> apps = map("""
        apps:
          - name: ready
            script: a.js
            wait_ready: true
            min_uptime: 5s
            max_restarts: 3
            restart_delay: 250
            exp_backoff_restart_delay: 100
            stop_exit_codes: [0, 3]
            autorestart: false
            kill_timeout: 5000
            max_memory_restart: 1G
            cron_restart: "0 3 * * *"
            time: true
          - name: waits
            script: a.js
            wait_ready: true
            listen_timeout: 8000
            log_date_format: "YYYY-MM-DD HH:mm Z"
            autostart: false
            shutdown_with_message: true
        """);
    ProcessSpec r = apps.get(0).specs().get(0);
    assertThat(r.ready()).isEqualTo(ProcessSpec.Ready.MESSAGE);
    assertThat(r.readyTimeout()).isEqualTo(Duration.ofMillis(3000));
    assertThat(r.restart()).isEqualTo(new ProcessSpec.RestartPolicy(false, Duration.ofSeconds(5), 3, Duration.ofMillis(250),
        Duration.ofMillis(100), java.util.Set.of(0, 3), ProcessSpec.RestartPolicy.DEFAULT_BURST, ProcessSpec.RestartPolicy.DEFAULT_BURST_INTERVAL));
    assertThat(r.killTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(r.maxMemoryBytes()).isEqualTo(1L << 30);
    assertThat(r.cronRestart()).contains("0 3 * * *");
    assertThat(r.logTimestamps()).contains("uuuu-MM-dd'T'HH:mm:ss");
    ProcessSpec w = apps.get(1).specs().get(0);
    assertThat(w.readyTimeout()).isEqualTo(Duration.ofMillis(8000));
    assertThat(w.logTimestamps()).contains("uuuu-MM-dd HH:mm xxx");
    assertThat(apps.get(1).autostart()).isFalse();
    assertThat(apps.get(1).shutdownWithMessage()).isTrue();
  }

  @Test
  void watchMapsToPathsAndIgnoreRulesAsChokidarReadsThem() throws IOException {
    List<SpecMapper.AppSpecs> apps = map("""
        apps:
          - name: dflt
            script: a.js
            watch: true
          - name: rules
            script: a.js
            watch: [src, "lib/**/*.js"]
            ignore_watch: [logs, "**/*.tmp"]
            watch_delay: 250
            shutdown_with_message: true
        """);
    ProcessSpec d = apps.get(0).specs().get(0);
    assertThat(d.watch()).contains(new ProcessSpec.Watch(List.of(dir), List.of(), Duration.ZERO));
    assertThat(d.stopWithMessage()).isFalse();
    java.util.function.Predicate<Path> dflt = d.watch().orElseThrow().ignored();
    assertThat(dflt).accepts(dir.resolve("node_modules/x/y.js"), dir.resolve(".git/HEAD"), dir.resolve("src/.env"))
        .rejects(dir.resolve("src/app.js"));

    ProcessSpec r = apps.get(1).specs().get(0);
    assertThat(r.stopWithMessage()).isTrue();
    ProcessSpec.Watch w = r.watch().orElseThrow();
    assertThat(w.paths()).containsExactly(dir.resolve("src"), dir.resolve("lib"));
    assertThat(w.delay()).isEqualTo(Duration.ofMillis(250));
    assertThat(w.ignored()).accepts(dir.resolve("logs"), dir.resolve("logs/a/b.log"), dir.resolve("x.tmp"), dir.resolve("src/deep/x.tmp"))
        .rejects(dir.resolve("src/app.js"), dir.resolve("node_modules/y.js"), dir.resolve("logsX"));
  }

  @Test
  void javaScriptRegularExpressionsInIgnoreWatch() throws IOException {
    Files.writeString(dir.resolve("a.js"), "");
    Path f = dir.resolve("ecosystem.config.js");
    Files.writeString(f, "module.exports = {apps: [{script: 'a.js', watch: true, ignore_watch: [/\\.TMP$/i, /cache/]}]};\n");
    Ecosystem e = new EcosystemReader(EcosystemReader.Options.defaults().withProcessEnv(Map.of("PATH", System.getenv("PATH")))).read(f);
    ProcessSpec.Watch w = SpecMapper.map(e, new SpecMapper.Options(logs(), Map.of(), 0)).get(0).specs().get(0).watch().orElseThrow();
    assertThat(w.ignore()).containsExactly("regex:(?i)\\.TMP$", "regex:cache");
    assertThat(w.ignored()).accepts(dir.resolve("x.tmp"), dir.resolve("a/cache/b.js")).rejects(dir.resolve("a/b.js"));
  }

  @Test
  void pythonGetsUnbufferedOutput() throws IOException {
    Files.writeString(dir.resolve("job.py"), "");
    ProcessSpec s = map("apps:\n  - script: job.py\n    args: [--once]\n").get(0).specs().get(0);
    assertThat(s.argv()).containsExactly("python3", dir.resolve("job.py").toString(), "--once");
    assertThat(s.env()).containsEntry("PYTHONUNBUFFERED", "1");
  }

  @Test
  void demoEcosystemMapsToSpecs() {
    Path demo = Path.of("examples/site").toAbsolutePath();
    Ecosystem e = new EcosystemReader(EcosystemReader.Options.defaults().withEnv("production")).read(demo.resolve("ecosystem.config.js"));
    List<SpecMapper.AppSpecs> apps = SpecMapper.map(e, new SpecMapper.Options(logs(), Map.of(), 0));
    assertThat(apps).flatExtracting(SpecMapper.AppSpecs::specs).extracting(ProcessSpec::name).containsExactly("web", "worker", "social-api");
    ProcessSpec web = apps.get(0).specs().get(0);
    assertThat(web.env()).containsEntry("PORT", "8080").containsEntry("NODE_ENV", "production");
    assertThat(web.ready()).isEqualTo(ProcessSpec.Ready.MESSAGE);
    assertThat(web.readyTimeout()).isEqualTo(Duration.ofMillis(5000));
    assertThat(apps.get(0).cluster()).isTrue();
    assertThat(web.outFile()).isEqualTo(logs().resolve("web-out-0.log"));
    assertThat(apps.get(1).specs().get(0).outFile()).isEqualTo(logs().resolve("worker-out.log"));
    assertThat(apps.get(1).specs().get(0).env()).containsEntry("pm_id", "1");
  }
}
