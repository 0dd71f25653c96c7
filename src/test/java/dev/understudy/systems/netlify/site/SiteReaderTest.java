package dev.understudy.systems.netlify.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.systems.netlify.NetlifyFunction.ApiVersion;
import dev.understudy.systems.netlify.NetlifyFunction.InvocationMode;
import dev.understudy.systems.netlify.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteReaderTest {
  @TempDir Path project;
  private final SiteReader reader = new SiteReader(Optional.empty());

  private Path write(String path, String content) throws IOException {
    Path f = project.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    return f;
  }

  private List<String> problems(Site site) {
    return site.problems().stream().map(p -> p.toString().replace(project + "/", "")).toList();
  }

  @Test
  void theFunctionsDirectoryComesFromNetlifyTomlElseTheDefault() throws IOException {
    write("netlify/functions/a.mjs", "export default () => {}");
    assertThat(reader.read(project).functionsDir()).contains(project.resolve("netlify/functions"));

    write("legacy/b.js", "exports.handler = () => {}");
    write("netlify.toml", "[build]\n  functions = \"legacy\"\n");
    assertThat(reader.read(project).functions()).extracting(NetlifyFunction::name).containsExactly("b");

    write("site/fns/c.js", "exports.handler = () => {}");
    write("netlify.toml", "[build]\n  base = \"site\"\n  functions = \"legacy\"\n[functions]\n  directory = \"/fns\"\n");
    Site site = reader.read(project);
    assertThat(site.functionsDir()).contains(project.resolve("site/fns"));
    assertThat(site.functions()).extracting(NetlifyFunction::name).containsExactly("c");
  }

  @Test
  void aMissingOrWrongFunctionsDirectoryIsAProblemAndNoFunctions() throws IOException {
    write("netlify.toml", "[functions]\n  directory = \"nope\"\n");
    Site site = reader.read(project);
    assertThat(site.functionsDir()).isEmpty();
    assertThat(problems(site)).containsExactly("netlify.toml:2:3: functions.directory \"nope\": nope"
        + " does not exist, so the site has no functions; create it or fix the path [functions-dir]");
    write("nope", "a file");
    assertThat(problems(reader.read(project))).containsExactly("netlify.toml:2:3: functions.directory \"nope\" is a file,"
        + " not a directory: Netlify's build stops on it; name the directory holding the functions [functions-dir]");
    Files.delete(project.resolve("netlify.toml"));
    assertThat(reader.read(project)).isEqualTo(new Site(project, Optional.empty(), List.of(), List.of()));
  }

  @Test
  void sourceAndTomlSettingsMergeAsNetlifyMergesThem() throws IOException {
    write("netlify.toml", """
        [functions]
          included_files = ["content/**"]
          external_node_modules = ["sharp"]
        [functions."job-*"]
          schedule = "@hourly"
        """);
    write("netlify/functions/job-a.mjs", "export default () => {}\nexport const config = { schedule: '@daily' }");
    write("netlify/functions/job-b.js", "exports.handler = async () => {}");
    write("netlify/functions/files.mjs", "export default () => {}\nexport const config = { includedFiles: ['own/**'],"
        + " externalNodeModules: ['pg'] }");
    Site site = reader.read(project);
    assertThat(site.problems()).isEmpty();
    assertThat(site.function("job-a").orElseThrow().schedule()).contains("@daily");
    assertThat(site.function("job-b").orElseThrow().schedule()).contains("@hourly");
    NetlifyFunction files = site.function("files").orElseThrow();
    assertThat(files.includedFiles()).containsExactly("own/**");
    assertThat(files.details().includedFilesBase()).contains(project.resolve("netlify/functions"));
    assertThat(files.details().externalNodeModules()).containsExactly("sharp", "pg");
    assertThat(site.function("job-b").orElseThrow().includedFiles()).containsExactly("content/**");
    assertThat(site.function("job-b").orElseThrow().details().includedFilesBase()).contains(project);
  }

  @Test
  void backgroundFunctionsByNameOrConfig() throws IOException {
    write("netlify/functions/slow-background.js", "exports.handler = async () => {}");
    write("netlify/functions/later.mjs", "export default async () => {}\nexport const config = { background: true }");
    write("netlify/functions/now.mjs", "export default async () => new Response('x')");
    write("netlify/functions/v1.js", "exports.handler = async () => ({})");
    Site site = reader.read(project);
    assertThat(site.functions()).extracting(NetlifyFunction::name, NetlifyFunction::apiVersion, NetlifyFunction::background,
        NetlifyFunction::invocationMode).containsExactly(
        org.assertj.core.groups.Tuple.tuple("later", ApiVersion.V2, true, InvocationMode.BACKGROUND),
        org.assertj.core.groups.Tuple.tuple("now", ApiVersion.V2, false, InvocationMode.STREAM),
        org.assertj.core.groups.Tuple.tuple("slow-background", ApiVersion.V1, true, InvocationMode.BACKGROUND),
        org.assertj.core.groups.Tuple.tuple("v1", ApiVersion.V1, false, InvocationMode.BUFFER));
  }

  @Test
  void whatNetlifysBuildRefusesAcrossSettingsIsReported() throws IOException {
    write("netlify.toml", "[functions.\"report\"]\n  schedule = \"@daily\"\n");
    write("netlify/functions/report.mjs", "export default () => {}\nexport const config = { path: '/report' }");
    write("netlify/functions/deploy-succeeded.mjs", "export default () => {}\nexport const config = { path: '/hook' }");
    write("netlify/functions/bad name.js", "exports.handler = () => {}");
    write("netlify/functions/cron.js", "const { schedule } = require('@netlify/functions')\n"
        + "exports.handler = schedule('61 * * * *', async () => {})");
    assertThat(problems(reader.read(project))).containsExactly(
        "netlify/functions/bad name.js: function name \"bad name\" can hold only letters, digits, '-' and '_' (it is the"
            + " last part of /.netlify/functions/NAME); rename bad name.js [function-name]",
        "netlify/functions/cron.js:2:28: schedule \"61 * * * *\" is not a cron expression Understudy can run: minute value 61"
            + " is out of range 0-59 (column 1) [schedule]",
        "netlify/functions/deploy-succeeded.mjs:2:25: \"deploy-succeeded\" is an event-triggered function name, which"
            + " cannot have a custom path: Netlify's build stops on it; remove config.path or rename the function [path]",
        "netlify/functions/report.mjs:2:25: a scheduled function cannot have a custom path (it has schedule \"@daily\"):"
            + " Netlify's build stops on it; remove config.path or the schedule [schedule]");
  }

  @Test
  void withoutNodeWhatTheTokenizerCannotReadIsTheSyntaxFinding() throws IOException {
    write("netlify/functions/broken.ts", "export default async (req: Request) => {\n  return new Response('x)\n}\n");
    Site site = reader.read(project);
    assertThat(problems(site)).containsExactly("netlify/functions/broken.ts:2:23: cannot read the file: unterminated"
        + " string: add the closing ' [syntax]");
    assertThat(site.function("broken").orElseThrow().apiVersion()).as("as Netlify: unparsable means v1").isEqualTo(ApiVersion.V1);
  }

  @Test
  void withNodeTheSyntaxFindingIsNodesOnly() throws IOException {
    write("netlify/functions/broken.mjs", "export default async () => {\n  return new Response('x)\n}\n");
    Site site = new SiteReader(Optional.of(new NodeSyntaxCheck("node"))).read(project);
    assertThat(problems(site)).containsExactly("netlify/functions/broken.mjs:2:23: SyntaxError: Invalid or unexpected token;"
        + " Node cannot load the function until this is fixed [syntax]");
  }

  @Test
  void singleFunctionsAndFoldersCanBeReadWithTheSitesSettings() throws IOException {
    write("netlify.toml", "[functions.\"*\"]\n  schedule = \"@daily\"\n");
    Path one = write("elsewhere/one.js", "exports.handler = async () => {}");
    Site site = reader.readFunctions(project, List.of(one, project.resolve("netlify.toml")));
    assertThat(site.functions()).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("one");
      assertThat(f.schedule()).contains("@daily");
    });
    assertThat(problems(site)).containsExactly("netlify.toml: not a function: a function is a .js, .mjs, .cjs, .ts,"
        + " .tsx, .mts or .cts file, or a directory holding NAME.js or index.js (or .ts, .mjs...) [functions-dir]");
    assertThat(reader.readFolder(project, project.resolve("elsewhere")).functions()).extracting(NetlifyFunction::name)
        .containsExactly("one");
  }
}
