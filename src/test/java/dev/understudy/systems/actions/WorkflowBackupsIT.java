package dev.understudy.systems.actions;

import dev.understudy.engine.keep.GoodCopies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.daemon.DaemonHome;
import dev.understudy.daemon.DaemonInfo;
import dev.understudy.testing.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflow backups as a user meets them: a real daemon from the built jar watches a temp
 * project; the workflow is broken, restored with the CLI, deleted, and restored by the daemon.
 */
class WorkflowBackupsIT {
  static final String GOOD = "name: nightly\non:\n  schedule:\n    - cron: \"0 3 * * *\"\njobs:\n  build:\n"
      + "    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"hi\"   # trailing spaces and CRLF stay as they are  \r\n";
  static final String BROKEN = "name: nightly\non:\n  schedule:\n    - cron: \"0 3 * * *\"\njobs: [build\n";

  @TempDir Path tmp;
  final List<Cli> started = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (Cli c : started) c.stopDaemon();
  }

  Path project(String understudyYml) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("project-" + started.size()));
    Files.writeString(dir.resolve("understudy.yml"), "daemon: {port: 0}\n" + understudyYml);
    Files.createDirectories(dir.resolve(".github/workflows"));
    Files.writeString(dir.resolve(".github/workflows/nightly.yml"), GOOD);
    return dir;
  }

  Cli started(Path project) throws Exception {
    Cli cli = new Cli(tmp.resolve("home-" + started.size()));
    started.add(cli);
    Cli.Result start = cli.run("start", "--project", project.toString());
    assertThat(start.exit()).as(start.toString()).isZero();
    return cli;
  }

  static ConditionFactory soon() {
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100));
  }

  static String api(Cli cli, String path) {
    DaemonInfo info = new DaemonHome(cli.home()).readDaemonInfo().orElseThrow();
    try {
      HttpURLConnection c = (HttpURLConnection) new URL(info.baseUrl() + path).openConnection();
      try (InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String status(Cli cli) {
    try {
      Cli.Result r = cli.run("status");
      assertThat(r.exit()).as(r.toString()).isZero();
      return r.out();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".yml")).toList();
    }
  }

  @Test
  void workflowsAreScheduledFromTheirEffectiveSourceAndFollowEdits() throws Exception {
    Path project = project("githubActions: {mode: replace}\n");
    Cli cli = started(project);
    soon().untilAsserted(() -> assertThat(cli.run("schedules").out()).contains("workflow:nightly").contains("0 3 * * *"));

    Cli.Result run = cli.run("run", "job", "workflow:nightly", "--wait");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("hi").contains("succeeded");

    Path file = project.resolve(".github/workflows/nightly.yml");
    Files.writeString(file, GOOD.replace("0 3 * * *", "15 4 * * *"));
    soon().untilAsserted(() -> assertThat(cli.run("schedules").out()).contains("15 4 * * *").doesNotContain("0 3 * * *"));

    Files.writeString(file, BROKEN);
    soon().untilAsserted(() -> assertThat(status(cli)).contains("invalid"));
    assertThat(cli.run("schedules").out()).as("the last good copy keeps the schedule").contains("workflow:nightly").contains("15 4 * * *");
    Cli.Result fromCopy = cli.run("run", "job", "workflow:nightly", "--wait");
    assertThat(fromCopy.exit()).as(fromCopy.toString()).isZero();
    assertThat(fromCopy.out()).contains("running its last good copy");
  }

  @Test
  void brokenWorkflowIsReportedScheduledFromItsGoodCopyAndRestoredByHand() throws Exception {
    Path project = project("");
    Path wf = project.resolve(".github/workflows/nightly.yml");
    byte[] good = Files.readAllBytes(wf);
    Cli cli = started(project);
    soon().until(() -> api(cli, "/api/workflows").contains("\"state\" : \"valid\""));
    assertThat(api(cli, "/api/workflows")).contains("\"name\" : \"nightly.yml\"").contains("\"backups\" : 1")
        .contains("\"effectiveSource\" : \"file\"");

    // break it: the daemon notices without a restart and keeps the good copy as the source
    Files.writeString(wf, BROKEN);
    soon().until(() -> api(cli, "/api/workflows").contains("\"state\" : \"invalid\""));
    String workflows = api(cli, "/api/workflows");
    assertThat(workflows).contains("\"effectiveSource\" : \"backup\"").contains("\"findings\" : 1")
        .contains("\"firstFinding\" : \".github/workflows/nightly.yml:6:1: could not parse as YAML");
    assertThat(api(cli, "/api/status")).contains("\"workflows\"").contains("\"state\" : \"invalid\"");
    String status = status(cli);
    assertThat(status).contains("nightly.yml  invalid").contains("good copy ")
        .contains("! .github/workflows/nightly.yml:6:1: could not parse as YAML")
        .contains("understudy restore workflow nightly.yml");
    assertThat(Files.readString(wf)).isEqualTo(BROKEN); // autoRestore is off: nothing written

    Cli.Result list = cli.run("backups", "workflow", "nightly", "--project", project.toString());
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out()).contains("1 good copy").contains(GoodCopies.sha256(good).substring(0, 12));

    // --dry-run: the diff, nothing written
    Cli.Result dry = cli.run("restore", "workflow", "nightly", "--dry-run", "--project", project.toString());
    assertThat(dry.exit()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("--- a/.github/workflows/nightly.yml (current)")
        .contains("+++ b/.github/workflows/nightly.yml (good copy #1")
        .contains("-jobs: [build\n").contains("+jobs:\n").contains("+  build:\n").contains("nothing was written");
    assertThat(Files.readString(wf)).isEqualTo(BROKEN);
    assertThat(files(cli.home().resolve("rejected"))).isEmpty();

    // a bad --to is bad input
    Cli.Result tooFar = cli.run("restore", "workflow", "nightly", "--to", "5", "--project", project.toString());
    assertThat(tooFar.exit()).isEqualTo(2);
    assertThat(tooFar.err()).contains("--to 5 is out of range: nightly.yml has 1 good copy");
    Cli.Result unknown = cli.run("restore", "workflow", "nighty", "--project", project.toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no workflow 'nighty': did you mean 'nightly.yml'?");

    // restore: byte for byte, the broken file kept under the home
    Cli.Result restore = cli.run("restore", "workflow", "nightly.yml", "--project", project.toString());
    assertThat(restore.exit()).as(restore.toString()).isZero();
    assertThat(restore.out()).contains("restored .github/workflows/nightly.yml from good copy #1");
    assertThat(Files.readAllBytes(wf)).isEqualTo(good);
    List<Path> rejected = files(cli.home().resolve("rejected"));
    assertThat(rejected).hasSize(1);
    assertThat(Files.readString(rejected.get(0))).isEqualTo(BROKEN);
    assertThat(restore.out()).contains("the replaced file is kept at " + rejected.get(0));
    soon().until(() -> api(cli, "/api/workflows").contains("\"state\" : \"valid\""));

    // deleted: missing, still scheduled from the good copy
    Files.delete(wf);
    soon().until(() -> api(cli, "/api/workflows").contains("\"state\" : \"missing\""));
    assertThat(api(cli, "/api/workflows/nightly")).contains("\"effectiveSource\" : \"backup\"");
    assertThat(status(cli)).contains("nightly.yml  missing").contains("! .github/workflows/nightly.yml: the file is missing");
    assertThat(wf).doesNotExist();
    Cli.Result back = cli.run("restore", "workflow", "nightly", "--project", project.toString());
    assertThat(back.exit()).as(back.toString()).isZero();
    assertThat(Files.readAllBytes(wf)).isEqualTo(good);
  }

  @Test
  void withAutoRestoreTheDaemonBringsBrokenAndDeletedFilesBack() throws Exception {
    Path project = project("githubActions:\n  autoRestore: true\n  backups: {keep: 3}\n");
    Path wf = project.resolve(".github/workflows/nightly.yml");
    byte[] good = Files.readAllBytes(wf);
    Cli cli = started(project);
    soon().until(() -> api(cli, "/api/workflows").contains("\"state\" : \"valid\""));

    Files.writeString(wf, BROKEN);
    soon().until(() -> Files.exists(wf) && java.util.Arrays.equals(Files.readAllBytes(wf), good));
    soon().until(() -> files(cli.home().resolve("rejected")).size() == 1);
    assertThat(Files.readString(files(cli.home().resolve("rejected")).get(0))).isEqualTo(BROKEN);

    Files.delete(wf);
    soon().until(() -> Files.exists(wf) && java.util.Arrays.equals(Files.readAllBytes(wf), good));
    soon().until(() -> api(cli, "/api/workflows").contains("\"state\" : \"valid\""));
    assertThat(Files.readString(cli.home().resolve("logs/understudy.log"))).contains("auto-restored from good copy")
        .contains("(it was deleted)");
  }
}
