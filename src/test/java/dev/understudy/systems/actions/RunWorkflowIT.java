package dev.understudy.systems.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.testing.Cli;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code understudy run workflow} from the built jar on a copy of the demo project: every demo
 * workflow runs offline and succeeds (the marketing one against the demo's social API stub, its
 * URL from {@code .vars} and its token a secret that never shows), a failing one exits 1, a
 * wrong name exits 2.
 */
class RunWorkflowIT {
  @TempDir Path tmp;
  private Path project;
  private Process stub;
  private int port;
  private Cli cli;
  private static final String TOKEN = "s3cr3t-token-for-the-stub";

  @BeforeEach
  void demoProjectAndItsStub() throws Exception {
    project = tmp.resolve("site");
    copy(Path.of("examples/site"), project);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(project.resolve(".vars"), "SOCIAL_API_URL=http://127.0.0.1:" + port + "/posts\n");
    ProcessBuilder pb = new ProcessBuilder("node", "stub/social-api.js").directory(project.toFile())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("stub.log").toFile());
    pb.environment().put("STUB_PORT", String.valueOf(port));
    pb.environment().put("STUB_TOKEN", TOKEN);
    pb.environment().put("DATA_DIR", tmp.resolve("data").toString());
    stub = pb.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
    cli = new Cli(tmp.resolve("home"));
  }

  @AfterEach
  void stopStub() {
    if (stub != null) stub.destroyForcibly();
  }

  @Test
  void everyDemoWorkflowRunsOfflineAndSucceeds() throws Exception {
    for (String name : new String[] {"sync-health", "marketing-sync", "build-monitor", "security-scan", "dependency-check"}) {
      Cli.Result r = cli.run("run", "workflow", name, "--project", project.toString(), "--secret", "SOCIAL_API_TOKEN=" + TOKEN);
      assertThat(r.exit()).as(name + ":\n" + r).isZero();
      assertThat(r.out()).as(name).contains("job ").doesNotContain(TOKEN);
    }
    assertThat(Files.readString(tmp.resolve("data/posts-received.jsonl"))).as("the stub received the post").contains("\"text\"");
  }

  @Test
  void aFailingJobExitsOneAndAWrongNameExitsTwo() throws Exception {
    Files.writeString(project.resolve(".github/workflows/broken.yml"), """
        on: workflow_dispatch
        jobs:
          fails:
            runs-on: ubuntu-latest
            steps:
              - run: echo "the secret is ${{ secrets.SOCIAL_API_TOKEN }}"; exit 3
          after:
            needs: fails
            runs-on: ubuntu-latest
            steps:
              - run: echo never
        """);
    Cli.Result failed = cli.run("run", "workflow", "broken", "--project", project.toString(), "--secret", "SOCIAL_API_TOKEN=" + TOKEN);
    assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.out()).contains("the secret is ***", "job fails: failure", "job after: skipped").doesNotContain(TOKEN);

    Cli.Result wrong = cli.run("run", "workflow", "sync-helth", "--project", project.toString());
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.err()).contains("did you mean 'sync-health.yml'?");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
