package dev.understudy.systems.netlify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.understudy.engine.keep.GoodCopies;
import dev.understudy.engine.keep.RejectedCopies;
import dev.understudy.systems.netlify.site.NodeSyntaxCheck;
import dev.understudy.systems.netlify.site.SiteReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The functions' files in-process: real discovery with Node's syntax check, the real WatchService. */
class NetlifySystemTest {
  static final String GOOD = "export default async () => new Response('hi');\nexport const config = { path: '/api/hi' };\n";
  static final String BROKEN = "export default async () => new Response('hi';\n";
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path tmp;
  NetlifySystem system;
  final AtomicInteger changes = new AtomicInteger();

  @AfterEach
  void close() {
    if (system != null) system.close();
  }

  NetlifySystem start(Path project, boolean autoRestore) throws IOException {
    SiteReader reader = new SiteReader(Optional.of(new NodeSyntaxCheck("node")));
    system = new NetlifySystem(project, p -> {
      try {
        return reader.read(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, GoodCopies.forProject(tmp.resolve("home/backups"), project, "functions", NetlifySystem.SUFFIX, 20),
        RejectedCopies.forProject(tmp.resolve("home/rejected"), project, "functions", NetlifySystem.SUFFIX), autoRestore);
    system.onChange(changes::incrementAndGet);
    system.start();
    return system;
  }

  Optional<NetlifySystem.State> state(String name) {
    return system.functions().stream().filter(f -> f.name().equals(name)).map(NetlifySystem.FunctionStatus::state).findFirst();
  }

  Path site() throws IOException {
    Path project = Files.createDirectories(tmp.resolve("site"));
    Files.createDirectories(project.resolve("netlify/functions"));
    Files.writeString(project.resolve("netlify/functions/hi.mjs"), GOOD);
    return project;
  }

  @Test
  void aBrokenFunctionIsNotServedAndItsGoodCopyStaysUntilRestored() throws Exception {
    Path project = site();
    Path fn = project.resolve("netlify/functions/hi.mjs");
    start(project, false);
    assertThat(state("hi")).contains(NetlifySystem.State.VALID);
    assertThat(system.served().functions()).extracting(NetlifyFunction::name).containsExactly("hi");
    assertThat(system.functions().get(0).backups()).isEqualTo(1);
    int before = changes.get();

    Files.writeString(fn, BROKEN);
    await().atMost(WAIT).until(() -> state("hi").equals(Optional.of(NetlifySystem.State.INVALID)));
    NetlifySystem.FunctionStatus s = system.functions().get(0);
    assertThat(s.problems()).anySatisfy(p -> assertThat(p.toString()).contains("hi.mjs:1:"));
    assertThat(system.served().functions()).isEmpty();
    assertThat(changes.get()).isGreaterThan(before);
    assertThat(Files.readString(fn)).isEqualTo(BROKEN); // nothing written without autoRestore

    Files.delete(fn);
    await().atMost(WAIT).until(() -> state("hi").equals(Optional.of(NetlifySystem.State.MISSING)));
    assertThat(system.plan("hi.mjs", 1).diff()).contains("+export default async () => new Response('hi');");
  }

  @Test
  void autoRestoreWritesTheGoodCopyBackAndKeepsTheBrokenBytes() throws Exception {
    Path project = site();
    Path fn = project.resolve("netlify/functions/hi.mjs");
    start(project, true);
    Files.writeString(fn, BROKEN);
    await().atMost(WAIT).until(() -> system.functions().get(0).lastAction().isPresent());
    assertThat(Files.readString(fn)).isEqualTo(GOOD);
    assertThat(state("hi")).contains(NetlifySystem.State.VALID);
    assertThat(system.functions().get(0).lastAction()).hasValueSatisfying(a -> assertThat(a).contains("auto-restored", "it was invalid"));
    try (var kept = Files.walk(tmp.resolve("home/rejected"))) {
      List<Path> files = kept.filter(Files::isRegularFile).toList();
      assertThat(files).hasSize(1);
      assertThat(Files.readString(files.get(0))).isEqualTo(BROKEN);
    }
    Files.delete(fn);
    await().atMost(WAIT).until(() -> Files.exists(fn) && Files.readString(fn).equals(GOOD));
  }

  @Test
  void aFunctionAddedLaterIsServedAndAChangedFunctionsFolderIsWatched() throws Exception {
    Path project = site();
    start(project, false);
    Files.writeString(project.resolve("netlify/functions/later.js"), "exports.handler = async () => ({ statusCode: 200, body: 'x' });\n");
    await().atMost(WAIT).until(() -> system.served().function("later").isPresent());
    Path other = Files.createDirectories(project.resolve("fns"));
    Files.writeString(other.resolve("moved.mjs"), GOOD);
    Files.writeString(project.resolve("netlify.toml"), "[functions]\n  directory = \"fns\"\n");
    await().atMost(WAIT).until(() -> system.served().function("moved").isPresent() && system.served().function("hi").isEmpty());
    Files.writeString(other.resolve("newer.mjs"), GOOD.replace("/api/hi", "/api/newer"));
    await().atMost(WAIT).until(() -> system.served().function("newer").isPresent());
  }
}
