package dev.understudy.systems.netlify.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.netlify.Site.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Node.js parses the files; nothing in them runs. */
class NodeSyntaxCheckTest {
  @TempDir Path dir;

  private Path write(String name, String source) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, source);
    return f;
  }

  @Test
  void eachFileIsParsedAsNodeWouldLoadItAndErrorsComeWithTheirPosition() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(write("ok-cjs.js", "exports.handler = async () => ({ statusCode: 200 })\nreturn\n"));
    files.add(write("ok-esm.js", "export default async () => new Response('x')\nawait Promise.resolve()\n"));
    files.add(write("ok.mjs", "#!/usr/bin/env node\nexport const handler = async () => {}\nconsole.log(import.meta.url)\n"));
    files.add(write("ok.cjs", "module.exports = { handler: async () => {} }\n"));
    files.add(write("side-effect.js", "require('fs').writeFileSync('ran', 'x')\nprocess.exit(3)\n"));
    files.add(write("bad-cjs.js", "exports.handler = async () => {\n  const a = {b: 1,,}\n}\n"));
    files.add(write("bad-esm.mjs", "export default async () => {\n  return new Response('x'\n}\n"));
    files.add(write("bad-mixed.js", "import x from 'y'\nexport default () => { x( }\n"));
    files.add(write("module-only.cjs", "export default 1\n"));
    NodeSyntaxCheck.Pending pending = new NodeSyntaxCheck("node").start(files, dir.toString());
    List<String> problems = pending.problems().stream().map(Problem::toString).map(s -> s.replace(dir + "/", "")).sorted()
        .toList();
    assertThat(problems).containsExactly(
        "bad-cjs.js:2:19: SyntaxError: Unexpected token ','; Node cannot load the function until this is fixed [syntax]",
        "bad-esm.mjs:2:23: SyntaxError: missing ) after argument list; Node cannot load the function until this is fixed [syntax]",
        "bad-mixed.js:2:27: SyntaxError: Unexpected token '}'; Node cannot load the function until this is fixed [syntax]",
        "module-only.cjs:1:1: SyntaxError: Unexpected token 'export'; Node cannot load the function until this is fixed [syntax]");
    assertThat(dir.resolve("ran")).as("nothing ran").doesNotExist();
    assertThat(pending.unchecked()).isEmpty();
  }

  @Test
  void typeScriptIsCheckedOnlyByANodeThatStripsTypesAndJsxNever() throws IOException {
    Path ts = write("fn.ts", "export default async (req: Request): Promise<Response> => new Response('x')\n");
    Path tsx = write("page.tsx", "export default () => <p>Don't</p>\n");
    NodeSyntaxCheck.Pending pending = new NodeSyntaxCheck("node").start(List.of(ts, tsx), dir.toString());
    assertThat(pending.problems()).isEmpty();
    assertThat(pending.unchecked()).contains(tsx.toAbsolutePath());
  }

  @Test
  void aMissingNodeIsOneProblemAndEveryFileUnchecked() throws IOException {
    Path f = write("fn.mjs", "export default () => {}\n");
    NodeSyntaxCheck.Pending pending = new NodeSyntaxCheck(dir.resolve("no-such-node").toString()).start(List.of(f), "site");
    assertThat(pending.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("site");
      assertThat(p.message()).startsWith("function syntax not checked: cannot run '" + dir.resolve("no-such-node") + "'")
          .endsWith("install Node.js 18 or newer, or set the node command");
    });
    assertThat(pending.unchecked()).containsExactly(f.toAbsolutePath());
  }
}
