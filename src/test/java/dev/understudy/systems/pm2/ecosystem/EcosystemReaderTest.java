package dev.understudy.systems.pm2.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.understudy.config.ConfigException;
import dev.understudy.config.ConfigLoader;
import dev.understudy.config.UnderstudyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcosystemReaderTest {
  static final Path DEMO = Path.of("examples/site").toAbsolutePath();

  @TempDir Path dir;
  Map<String, String> env;

  @BeforeEach
  void env() {
    env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", System.getProperty("user.home"));
  }

  EcosystemReader reader() {
    return new EcosystemReader(EcosystemReader.Options.defaults().withProcessEnv(env).withCpus(4));
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  void demoScripts() throws IOException {
    for (String s : List.of("server/web.js", "worker/queue-worker.js", "stub/social-api.js")) write(s, "// " + s + "\n");
  }

  static EcosystemApp app(Ecosystem e, String name) {
    return e.apps().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " not in " + e));
  }

  /** The model without its positions, to compare formats. */
  static String model(Ecosystem e) {
    return e.apps().stream().map(a -> a.toString().replaceFirst("where=[^,]*, ", "")).collect(Collectors.joining("\n"));
  }

  // --- the demo in each format ---

  @Test
  void demoJavaScriptEcosystem() {
    Ecosystem e = reader().read(DEMO.resolve("ecosystem.config.js"));
    assertThat(e.errors()).isEmpty();
    assertThat(e.apps()).extracting(EcosystemApp::name).containsExactly("web", "worker", "social-api");
    EcosystemApp web = app(e, "web");
    assertThat(web.command()).containsExactly("node", DEMO.resolve("server/web.js").toString());
    assertThat(web.cwd()).isEqualTo(DEMO);
    assertThat(web.minUptime()).isEqualTo(Duration.ofSeconds(5));
    assertThat(web.maxRestarts()).isEqualTo(10);
    assertThat(web.maxMemoryBytes()).isEqualTo(200L * 1024 * 1024);
    assertThat(web.killTimeout()).isEqualTo(Duration.ofMillis(3000));
    assertThat(web.waitReady()).isTrue();
    assertThat(web.listenTimeout()).contains(Duration.ofMillis(5000));
    assertThat(web.env()).containsEntry("NODE_ENV", "development").containsEntry("PORT", "3000");
    // PM2's rule: instances written and a node script -> cluster mode, even for one instance
    assertThat(web.instancesSet()).isTrue();
    assertThat(web.cluster()).isTrue();
    EcosystemApp worker = app(e, "worker");
    assertThat(worker.restartDelay()).isEqualTo(Duration.ofMillis(2000));
    assertThat(worker.cronRestart()).contains("0 3 * * *");
    assertThat(worker.env()).containsEntry("WORKER_INTERVAL_MS", "5000");
    assertThat(worker.cluster()).isFalse();
  }

  static final String DEMO_JSON = """
      {
        // PM2 evaluates .json as JavaScript: comments and trailing commas work there
        "apps": [
          {"name": "web", "script": "server/web.js", "instances": 1, "autorestart": true, "max_restarts": 10,
           "min_uptime": "5s", "max_memory_restart": "200M", "kill_timeout": 3000, "wait_ready": true,
           "listen_timeout": 5000,
           "env": {"NODE_ENV": "development", "PORT": 3000},
           "env_production": {"NODE_ENV": "production", "PORT": 8080}},
          {"name": "worker", "script": "worker/queue-worker.js", "autorestart": true, "restart_delay": 2000,
           "cron_restart": "0 3 * * *", "env": {"WORKER_INTERVAL_MS": 5000}},
          {"name": "social-api", "script": "stub/social-api.js", "autorestart": true, "env": {"STUB_PORT": 4010}},
        ]
      }
      """;

  static final String DEMO_YAML = """
      apps:
        - name: web
          script: server/web.js
          instances: 1
          autorestart: true
          max_restarts: 10
          min_uptime: 5s
          max_memory_restart: 200M
          kill_timeout: 3000
          wait_ready: true
          listen_timeout: 5000
          env:
            NODE_ENV: development
            PORT: 3000
          env_production:
            NODE_ENV: production
            PORT: 8080
        - name: worker
          script: worker/queue-worker.js
          autorestart: true
          restart_delay: 2000
          cron_restart: "0 3 * * *"
          env:
            WORKER_INTERVAL_MS: 5000
        - name: social-api
          script: stub/social-api.js
          autorestart: true
          env:
            STUB_PORT: 4010
      """;

  @Test
  void jsonYamlAndJavaScriptGiveTheSameApps() throws IOException {
    demoScripts();
    Files.copy(DEMO.resolve("ecosystem.config.js"), dir.resolve("ecosystem.config.js"));
    write("ecosystem.json", DEMO_JSON);
    write("ecosystem.yml", DEMO_YAML);
    write("ecosystem.config.cjs", Files.readString(DEMO.resolve("ecosystem.config.js")));
    write("ecosystem.config.mjs", Files.readString(DEMO.resolve("ecosystem.config.js")).replace("module.exports =", "export default"));
    String js = model(reader().read(dir.resolve("ecosystem.config.js")));
    assertThat(js).contains("name=web").contains("name=social-api");
    for (String f : List.of("ecosystem.json", "ecosystem.yml", "ecosystem.config.cjs", "ecosystem.config.mjs")) {
      assertThat(model(reader().read(dir.resolve(f)))).as(f).isEqualTo(js);
    }
    assertThat(EcosystemReader.find(dir)).contains(dir.resolve("ecosystem.config.js"));
  }

  @Test
  void envProductionBySelectedNameOrNodeEnv() {
    Ecosystem e = new EcosystemReader(EcosystemReader.Options.defaults().withProcessEnv(env).withEnv("production"))
        .read(DEMO.resolve("ecosystem.config.js"));
    assertThat(app(e, "web").env()).containsEntry("NODE_ENV", "production").containsEntry("PORT", "8080");
    assertThat(app(e, "web").envName()).contains("production");
    // an app without env_production keeps env, and is warned about (PM2 warns too)
    assertThat(app(e, "worker").env()).containsExactlyEntriesOf(Map.of("WORKER_INTERVAL_MS", "5000"));
    assertThat(e.notes()).anySatisfy(p -> assertThat(p.toString()).contains("app 'worker'").contains("environment 'production' is not defined"));

    env.put("NODE_ENV", "production");
    Ecosystem byNodeEnv = reader().read(DEMO.resolve("ecosystem.config.js"));
    assertThat(app(byNodeEnv, "web").env()).containsEntry("PORT", "8080");
    assertThat(byNodeEnv.notes()).noneSatisfy(p -> assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING));
  }

  @Test
  void yamlEnvSelectionToo() throws IOException {
    demoScripts();
    Path f = write("ecosystem.yml", DEMO_YAML);
    Ecosystem e = new EcosystemReader(EcosystemReader.Options.defaults().withProcessEnv(env).withEnv("production")).read(f);
    assertThat(app(e, "web").env()).containsEntry("PORT", "8080");
  }

  // --- defaults and interpreters ---

  @Test
  void pm2DefaultsWhenKeysAreAbsent() throws IOException {
    write("app.js", "");
    EcosystemApp a = reader().read(write("ecosystem.json", "{\"apps\": [{\"script\": \"app.js\"}]}")).apps().get(0);
    assertThat(a.name()).isEqualTo("app");
    assertThat(a.interpreter()).isEqualTo("node");
    assertThat(a.execMode()).isEqualTo(EcosystemApp.ExecMode.FORK);
    assertThat(a.instances()).isEqualTo(1);
    assertThat(a.instancesSet()).isFalse();
    assertThat(a.autorestart()).isTrue();
    assertThat(a.autostart()).isTrue();
    assertThat(a.maxRestarts()).isEqualTo(16);
    assertThat(a.minUptime()).isEqualTo(Duration.ofMillis(1000));
    assertThat(a.killTimeout()).isEqualTo(Duration.ofMillis(1600));
    assertThat(a.restartDelay()).isZero();
    assertThat(a.expBackoffRestartDelay()).isZero();
    assertThat(a.maxMemoryBytes()).isZero();
    assertThat(a.listenTimeout()).isEmpty();
    assertThat(a.waitReady()).isFalse();
    assertThat(a.cronRestart()).isEmpty();
    assertThat(a.stopExitCodes()).isEmpty();
    assertThat(a.args()).isEmpty();
    assertThat(a.env()).isEmpty();
    assertThat(a.instanceVar()).isEqualTo("NODE_APP_INSTANCE");
    assertThat(a.logsMerged()).isTrue();
    assertThat(a.effectiveDateFormat()).isEmpty();
    assertThat(a.cwd()).isEqualTo(dir.toAbsolutePath());
  }

  @Test
  void interpreterByExtension() throws IOException {
    for (String f : List.of("a.js", "b.cjs", "c.mjs", "d.sh", "e.py", "f.rb")) write(f, "");
    Path bin = write("g", "#!/bin/sh\n");
    bin.toFile().setExecutable(true);
    Ecosystem e = reader().read(write("ecosystem.yml", """
        apps:
          - script: a.js
          - script: b.cjs
          - script: c.mjs
          - script: d.sh
          - script: e.py
          - script: g
          - script: a.js
            name: custom
            interpreter: /usr/bin/env
            node_args: "--inspect --max-old-space-size=128"
          - script: d.sh
            name: plain
            interpreter: none
          - script: f.rb
            interpreter: no-such-ruby-here
        """));
    assertThat(e.apps()).extracting(EcosystemApp::interpreter)
        .containsExactly("node", "node", "node", "bash", "python3", "none", "/usr/bin/env", "none");
    assertThat(app(e, "g").command()).containsExactly(dir.resolve("g").toString());
    assertThat(app(e, "custom").command()).containsExactly("/usr/bin/env", "--inspect", "--max-old-space-size=128", dir.resolve("a.js").toString());
    assertThat(app(e, "d").command()).containsExactly("bash", dir.resolve("d.sh").toString());
    assertThat(e.errors()).singleElement().satisfies(p -> {
      assertThat(p.app()).isEqualTo("f");
      assertThat(p.where()).isEqualTo(dir.resolve("ecosystem.yml") + ":16:18");
      assertThat(p.message()).contains("interpreter 'no-such-ruby-here' is not available in PATH");
    });
  }

  @Test
  void argsAsStringOrList() throws IOException {
    write("a.js", "");
    Ecosystem e = reader().read(write("ecosystem.json", """
        {"apps": [
          {"name": "s", "script": "a.js", "args": "--port 3000 \\"two words\\""},
          {"name": "l", "script": "a.js", "args": ["--port", 3000, true]},
          {"name": "sh", "script": "node a.js --flag"}
        ]}
        """));
    assertThat(app(e, "s").args()).containsExactly("--port", "3000", "two words");
    assertThat(app(e, "l").args()).containsExactly("--port", "3000", "true");
    // PM2: a script with spaces is a bash command line, named after itself
    assertThat(app(e, "sh").command()).containsExactly("bash", "-c", "node a.js --flag");
  }

  @Test
  void scriptFoundOnThePathLikePm2() throws IOException {
    EcosystemApp a = reader().read(write("ecosystem.json", "{\"apps\": [{\"name\": \"sleeper\", \"script\": \"sleep\", \"args\": \"60\"}]}")).apps().get(0);
    assertThat(Path.of(a.command().get(0)).getFileName().toString()).isEqualTo("sleep");
    assertThat(a.args()).containsExactly("60");
  }

  // --- errors ---

  @Test
  void missingScriptIsThatAppsErrorOnly() throws IOException {
    demoScripts();
    Path f = write("ecosystem.yml", DEMO_YAML.replace("script: worker/queue-worker.js", "script: worker/gone.js"));
    Ecosystem e = reader().read(f);
    assertThat(e.apps()).extracting(EcosystemApp::name).containsExactly("web", "social-api");
    assertThat(e.errors()).singleElement().satisfies(p -> {
      assertThat(p.app()).isEqualTo("worker");
      assertThat(p.key()).isEqualTo("script");
      assertThat(p.toString()).startsWith(f + ":19:13: app 'worker', 'script': script not found: " + dir.resolve("worker/gone.js"));
    });
  }

  @Test
  void badValuesNameTheAppKeyAndPosition() throws IOException {
    write("a.js", "");
    Path f = write("ecosystem.yml", """
        apps:
          - name: ok
            script: a.js
          - name: bad
            script: a.js
            min_uptime: 5x
            max_memory_restart: 200MB
            kill_timeout: 3s
            exec_mode: swarm
            cron_restart: "* * *"
            autorestart: maybe
        """);
    Ecosystem e = reader().read(f);
    assertThat(e.apps()).extracting(EcosystemApp::name).containsExactly("ok");
    assertThat(e.errors()).extracting(Problem::toString).containsExactlyInAnyOrder(
        f + ":6:17: app 'bad', 'min_uptime': '5x' is not a PM2 duration: write milliseconds (5000) or a number with h, m or s (\"5s\")",
        f + ":7:25: app 'bad', 'max_memory_restart': '200MB' is not a PM2 memory size: write bytes (209715200) or a number with K, M or G (\"200M\", \"1G\")",
        f + ":8:19: app 'bad', 'kill_timeout': 'kill_timeout' is the string \"3s\": write a whole number",
        f + ":9:16: app 'bad', 'exec_mode': exec_mode 'swarm' is not one of fork, cluster (or fork_mode, cluster_mode)",
        f + ":10:19: app 'bad', 'cron_restart': invalid cron_restart '* * *': " + cronMessage("* * *") + ": write five fields (minute hour day-of-month month day-of-week)",
        f + ":11:18: app 'bad', 'autorestart': 'autorestart' is the string \"maybe\": write true or false");
  }

  private static String cronMessage(String expr) {
    try {
      dev.understudy.engine.schedule.PosixCron.parse(expr);
      return "";
    } catch (dev.understudy.engine.schedule.CronSyntaxException ex) {
      return ex.getMessage();
    }
  }

  @Test
  void jsonSyntaxErrorHasItsPosition() throws IOException {
    Path f = write("ecosystem.json", "{\n  \"apps\": [\n    {\"script\": \"a.js\" \"name\": \"x\"}\n  ]\n}\n");
    assertThatThrownBy(() -> reader().read(f)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(f + ":3:").hasMessageContaining("JSON syntax error");
  }

  @Test
  void yamlSyntaxErrorHasItsPosition() throws IOException {
    Path f = write("ecosystem.yml", "apps:\n  - name: a\n   script: [\n");
    assertThatThrownBy(() -> reader().read(f)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(f + ":").hasMessageContaining("YAML syntax error");
  }

  @Test
  void aJavaScriptFileThatThrowsNamesTheFileAndLine() throws IOException {
    Path f = write("ecosystem.config.js", "const port = 3000;\nconst x = undefinedThing.port;\nmodule.exports = {apps: []};\n");
    assertThatThrownBy(() -> reader().read(f)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(f + ":2:")
        .hasMessageContaining("ReferenceError: undefinedThing is not defined");
    Path syntax = write("ecosystem.config.cjs", "module.exports = {\n  apps: [\n    {script: 'a.js',,}\n  ]\n};\n");
    assertThatThrownBy(() -> reader().read(syntax)).hasMessageStartingWith(syntax + ":3").hasMessageContaining("SyntaxError");
    Path esm = write("ecosystem.config.mjs", "const a = 1;\nexport default {apps: [}\n");
    assertThatThrownBy(() -> reader().read(esm)).hasMessageStartingWith(esm + ":2").hasMessageContaining("SyntaxError");
  }

  @Test
  void aFileExportingAFunctionOrFunctionValues() throws IOException {
    Path f = write("ecosystem.config.js", "module.exports = function () { return {apps: []}; };\n");
    assertThatThrownBy(() -> reader().read(f)).isInstanceOf(ConfigException.class)
        .hasMessage(f + ": the file exports a JavaScript function, not a configuration: export an object, module.exports = {apps: [{name: \"web\", script: \"app.js\"}]}");

    write("a.js", "");
    Path g = write("ecosystem.config.cjs", """
        module.exports = {apps: [
          {name: 'fn', script: 'a.js', env: {TOKEN: () => 'x', OK: 1, GONE: undefined, OBJ: {a: [1]}}},
          {name: 'good', script: 'a.js', env: {PORT: 1 + 1}, kill_timeout: undefined}
        ]};
        """);
    Ecosystem e = reader().read(g);
    assertThat(e.apps()).extracting(EcosystemApp::name).containsExactly("good");
    assertThat(app(e, "good").env()).containsExactly(Map.entry("PORT", "2"));
    assertThat(app(e, "good").killTimeout()).isEqualTo(Duration.ofMillis(1600));
    assertThat(e.errors()).singleElement().hasToString(g + ": app 'fn', 'env': 'env.TOKEN' is a JavaScript function: an environment variable holds a string; compute the value when the file loads");
  }

  @Test
  void jsFileSeesProcessEnvAndItsDirectory() throws IOException {
    write("srv/a.js", "");
    env.put("APP_PORT", "4321");
    Path f = write("ecosystem.config.js", "module.exports = {apps: {name: 'one', script: 'srv/a.js', cwd: __dirname, env: {PORT: process.env.APP_PORT}}};\n");
    Ecosystem e = reader().read(f);
    assertThat(app(e, "one").env()).containsEntry("PORT", "4321");
  }

  @Test
  void slowJavaScriptTimesOut() throws IOException {
    Path f = write("ecosystem.config.js", "while (true) {}\n");
    EcosystemReader r = new EcosystemReader(new EcosystemReader.Options("node", Duration.ofMillis(700), Optional.empty(), env, 2));
    assertThatThrownBy(() -> r.read(f)).hasMessageContaining("took longer than 700 ms");
  }

  @Test
  void notAnObject() throws IOException {
    Path f = write("ecosystem.json", "\"web.js\"");
    assertThatThrownBy(() -> reader().read(f)).hasMessageStartingWith(f + ":1:1: the file holds the string \"web.js\", not a configuration");
    Path g = write("x/ecosystem.yml", "apps: 3\n");
    assertThatThrownBy(() -> reader().read(g)).hasMessageStartingWith(g + ":1:7: 'apps' is the number 3");
    assertThatThrownBy(() -> reader().read(dir.resolve("nope.config.js"))).hasMessageContaining("no such file");
  }

  @Test
  void pm2AcceptsAnArrayOrASingleApp() throws IOException {
    write("a.js", "");
    assertThat(reader().read(write("one.json", "[{\"script\": \"a.js\"}]")).apps()).hasSize(1);
    assertThat(reader().read(write("two.json", "{\"apps\": {\"script\": \"a.js\", \"name\": \"x\"}}")).apps()).extracting(EcosystemApp::name).containsExactly("x");
    assertThat(reader().read(write("three.json", "{\"script\": \"a.js\", \"name\": \"y\"}")).apps()).extracting(EcosystemApp::name).containsExactly("y");
  }

  // --- options we do not know or do not implement ---

  @Test
  void unknownAndUnsupportedOptionsReportedOnceWithPositions() throws IOException {
    write("a.js", "");
    Path f = write("ecosystem.yml", """
        apps:
          - name: a
            script: a.js
            vizion: false
            autorestrat: false
          - name: b
            script: a.js
            vizion: false
            autorestrat: false
            vizion_extra: 1
            source_map_support: true
            watch: true
        deploy:
          production: {}
        """);
    Ecosystem e = reader().read(f);
    assertThat(e.errors()).isEmpty();
    assertThat(e.notes()).extracting(Problem::toString).containsExactly(
        f + ":13:1: 'deploy' (pm2 deploy) is not supported: Understudy runs the apps where it runs; deploy with your own tools",
        f + ":4:5: app 'a', 'vizion': PM2 option 'vizion' is not supported: Understudy does not implement it; the option is ignored (also in app 'b')",
        f + ":5:5: app 'a', 'autorestrat': unknown PM2 option 'autorestrat' is ignored: did you mean 'autorestart'? (also in app 'b')",
        f + ":10:5: app 'b', 'vizion_extra': unknown PM2 option 'vizion_extra' is ignored: see docs/PM2.md for the options Understudy reads");
  }

  @Test
  void watchFormsAndIgnoreWatchWithRegularExpressionsFromJavaScript() throws IOException {
    write("a.js", "");
    Path f = write("ecosystem.config.js", """
        module.exports = {apps: [
          {name: 'on', script: 'a.js', watch: true, ignore_watch: ['logs', /\\.tmp$/i], watch_delay: 500, shutdown_with_message: true},
          {name: 'one', script: 'a.js', watch: 'src'},
          {name: 'list', script: 'a.js', watch: ['src', 'config.json'], ignore_watch: '*.log'},
          {name: 'off', script: 'a.js', watch: false},
          {name: 'bad', script: 'a.js', watch: 3, ignore_watch: [{}]},
        ]};
        """);
    Ecosystem e = reader().read(f);
    assertThat(e.notes()).isEmpty();
    assertThat(e.apps()).extracting(EcosystemApp::name).containsExactly("on", "one", "list", "off");
    EcosystemApp on = e.apps().get(0);
    assertThat(on.watch()).contains(List.of());
    assertThat(on.ignoreWatch()).containsExactly("logs");
    assertThat(on.ignoreWatchRegex()).containsExactly("/\\.tmp$/i");
    assertThat(on.watchDelay()).isEqualTo(java.time.Duration.ofMillis(500));
    assertThat(on.shutdownWithMessage()).isTrue();
    assertThat(e.apps().get(1).watch()).contains(List.of("src"));
    assertThat(e.apps().get(2).watch()).contains(List.of("src", "config.json"));
    assertThat(e.apps().get(2).ignoreWatch()).containsExactly("*.log");
    assertThat(e.apps().get(3).watch()).isEmpty();
    assertThat(e.errors()).extracting(Problem::toString).anySatisfy(m -> assertThat(m).contains("'watch' is the number 3"))
        .anySatisfy(m -> assertThat(m).contains("'ignore_watch' holds an object"));
  }

  @Test
  void javaScriptNotesNameTheAppAndKey() throws IOException {
    write("a.js", "");
    Path f = write("ecosystem.config.js", "module.exports = {apps: [{name: 'a', script: 'a.js', namespace: 'team'}]};\n");
    assertThat(reader().read(f).notes()).extracting(Problem::toString).containsExactly(
        f + ": app 'a', 'namespace': PM2 option 'namespace' is not supported: Understudy does not implement it; the option is ignored");
  }

  @Test
  void duplicateNamesAreAnErrorForTheSecond() throws IOException {
    write("a.js", "");
    Ecosystem e = reader().read(write("ecosystem.json", "{\"apps\": [{\"script\": \"a.js\"}, {\"script\": \"a.js\"}]}"));
    assertThat(e.apps()).hasSize(1);
    assertThat(e.errors()).singleElement().satisfies(p -> assertThat(p.message()).contains("already named 'a'"));
  }

  // --- understudy.yml ---

  @Test
  void understudyYmlPm2Apps() throws IOException {
    write("server/web.js", "");
    write("understudy.yml", """
        pm2:
          mode: replace
          env: production
          apps:
            - name: web
              script: server/web.js
              env:
                PORT: 3000
              env_production:
                PORT: 8080
            - name: broken
              script: missing.js
              max_memory_restart: 1G
              colour: blue
        """);
    UnderstudyConfig cfg = new ConfigLoader(env).read(dir);
    Ecosystem e = reader().load(cfg).orElseThrow();
    String file = dir.resolve("understudy.yml").toString();
    assertThat(e.source()).isEqualTo(file);
    assertThat(app(e, "web").env()).containsEntry("PORT", "8080");
    assertThat(app(e, "web").command()).containsExactly("node", dir.resolve("server/web.js").toString());
    assertThat(e.errors()).extracting(Problem::toString).containsExactly(
        file + ":12:15: app 'broken', 'script': script not found: " + dir.resolve("missing.js") + ": fix 'script' (relative to cwd " + dir + ") or create the file");
    assertThat(e.notes()).extracting(Problem::where).containsExactly(file + ":14:7");
  }

  @Test
  void understudyYmlPm2EcosystemFileOrDiscovery() throws IOException {
    demoScripts();
    write("deploy/apps.yml", DEMO_YAML.replace("server/", "../server/").replace("worker/", "../worker/").replace("stub/", "../stub/"));
    write("understudy.yml", "pm2:\n  ecosystem: deploy/apps.yml\n");
    assertThat(reader().load(new ConfigLoader(env).read(dir)).orElseThrow().apps()).hasSize(3);
    Files.delete(dir.resolve("understudy.yml"));
    assertThat(reader().load(new ConfigLoader(env).read(dir))).isEmpty();
    write("ecosystem.yml", DEMO_YAML);
    assertThat(reader().load(new ConfigLoader(env).read(dir)).orElseThrow().apps()).hasSize(3);
  }

  @Test
  void esModuleJsInATypeModulePackageAndNoisyOrExitingFiles() throws IOException {
    write("esm/package.json", "{\"type\": \"module\"}");
    write("esm/a.js", "");
    Path esm = write("esm/ecosystem.config.js", "console.log('hello from the config');\nexport default {apps: [{script: 'a.js'}]};\n");
    assertThat(reader().read(esm).apps()).extracting(EcosystemApp::name).containsExactly("a");
    Path exits = write("ecosystem.config.js", "process.exit(3);\n");
    assertThatThrownBy(() -> reader().read(exits)).hasMessageStartingWith(exits + ": node exited with code 3 before exporting the configuration");
  }
}
