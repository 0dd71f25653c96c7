package dev.understudy.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.testing.Cli;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job accepted is a job recorded: kill -9 the daemon mid-work, restart, and nothing is lost or done twice. */
class CrashSafetyIT {
  static final int RUNS = 6;
  @TempDir Path tmp;
  Cli cli;

  @AfterEach
  void stop() throws Exception {
    if (cli != null) cli.run("stop");
  }

  @Test
  void acceptedRunsSurviveKillNineAndFinishExactlyOnce() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Path started = project.resolve("started");
    Path done = project.resolve("done");
    Files.writeString(project.resolve("understudy.yml"), """
        queue:
          concurrency: {jobs: 2}
        jobs:
          work:
            command: ["sh", "-c", "echo \\"$UNDERSTUDY_RUN_ID $UNDERSTUDY_ATTEMPT\\" >> started; sleep 2; echo $UNDERSTUDY_RUN_ID >> done"]
            retries: 0
        """);
    cli = new Cli(tmp.resolve("home"));
    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    DaemonInfo first = new DaemonHome(cli.home()).readDaemonInfo().orElseThrow();
    String token = Files.readString(cli.home().resolve("token")).trim();

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) ids.add(submit(first, token));
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started) && lines(started).size() >= 2);

    // The crash: kill -9 of the daemon's JVM alone. What it started must die with it, or the old
    // copy of a resumed run would still be at work.
    ProcessHandle daemon = ProcessHandle.of(first.pid()).orElseThrow();
    List<ProcessHandle> children = daemon.children().toList();
    assertThat(children).isNotEmpty();
    daemon.destroyForcibly();
    daemon.onExit().get();
    await().atMost(Duration.ofSeconds(10)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    int startedBeforeCrash = lines(started).size();
    assertThat(startedBeforeCrash).isLessThan(RUNS); // the crash came mid-work

    assertThat(cli.run("start", "--project", project.toString()).exit()).isZero();
    DaemonInfo second = new DaemonHome(cli.home()).readDaemonInfo().orElseThrow();
    assertThat(second.pid()).isNotEqualTo(first.pid());

    await().atMost(Duration.ofSeconds(90)).until(() -> {
      for (String id : ids) {
        if (!"succeeded".equals(state(second, id))) return false;
      }
      return true;
    });
    Map<String, Long> completions = lines(done).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(completions.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(completions.values()).allMatch(n -> n == 1);
    // Runs cut off by the crash ran again as the same attempt: with retries: 0 they still finished.
    assertThat(lines(started).size()).isGreaterThan(RUNS);
    assertThat(lines(started)).allMatch(l -> l.endsWith(" 1"));
  }

  static List<String> lines(Path p) throws Exception {
    return Files.exists(p) ? Files.readAllLines(p).stream().filter(l -> !l.isBlank()).toList() : List.of();
  }

  static String submit(DaemonInfo info, String token) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(info.baseUrl() + "/api/jobs/work/runs").openConnection();
    c.setRequestMethod("POST");
    c.setRequestProperty("Authorization", "Bearer " + token);
    c.setDoOutput(true);
    c.getOutputStream().close();
    assertThat(c.getResponseCode()).isEqualTo(201);
    return field(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8), "id");
  }

  static String state(DaemonInfo info, String id) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(info.baseUrl() + "/api/runs/" + id).openConnection();
    return field(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8), "state");
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) throw new AssertionError("no " + name + " in " + json);
    return m.group(1);
  }
}
