package dev.understudy.systems.netlify.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.understudy.systems.netlify.site.NetlifyToml.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetlifyTomlReaderTest {
  @TempDir Path dir;

  private NetlifyToml read(String toml) throws IOException {
    Files.writeString(dir.resolve("netlify.toml"), toml);
    return NetlifyTomlReader.read(dir);
  }

  private List<String> problems(String toml) throws IOException {
    String file = dir.resolve("netlify.toml").toString();
    return read(toml).problems().stream().map(p -> p.toString().replace(file, "netlify.toml")).toList();
  }

  @Test
  void noFileIsNoSettings() throws IOException {
    assertThat(NetlifyTomlReader.read(dir)).isEqualTo(NetlifyToml.NONE);
  }

  @Test
  void malformedTomlIsOneProblemAtItsLineAndColumn() throws IOException {
    assertThat(problems("[build]\n  publish = \"public\"\n[functions]\n  directory = \n")).containsExactly(
        "netlify.toml:4:15: netlify.toml is not valid TOML: Newline not permitted here; fix it (Netlify cannot build the"
            + " site either) [netlify-toml]");
  }

  @Test
  void theFunctionsDirectoryIsFunctionsDirectoryThenTheLegacyBuildFunctions() throws IOException {
    NetlifyToml both = read("[build]\n  functions = \"legacy\"\n[functions]\n  directory = \"fns\"\n");
    assertThat(both.functionsDirectory()).get().satisfies(d -> {
      assertThat(d.value()).isEqualTo("fns");
      assertThat(d.key()).isEqualTo("functions.directory");
      assertThat(d.line()).isEqualTo(4);
      assertThat(d.column()).isEqualTo(3);
    });
    NetlifyToml legacy = read("[Build]\n  Functions = \"legacy\"\n  base = \"site\"\n");
    assertThat(legacy.functionsDirectory()).get().extracting(NetlifyToml.Located::value).isEqualTo("legacy");
    assertThat(legacy.base()).get().extracting(NetlifyToml.Located::value).isEqualTo("site");
    assertThat(read("[functions.\"*\"]\n  directory = \"star\"\n").functionsDirectory()).get()
        .extracting(NetlifyToml.Located::value).isEqualTo("star");
  }

  @Test
  void sectionsMergeByWeightAndJoinLists() throws IOException {
    NetlifyToml toml = read("""
        [functions]
          included_files = ["shared/**"]
          node_bundler = "esbuild"
          schedule = "@weekly"
        [functions."report-*"]
          schedule = "@daily"
          included_files = ["reports/**"]
        [functions."report-daily"]
          schedule = "@hourly"
        [functions."{alpha,beta}-job"]
          schedule = "0 5 * * *"
        """);
    assertThat(toml.problems()).isEmpty();
    assertThat(toml.sections()).extracting(Section::pattern).containsExactly("*", "report-*", "report-daily", "{alpha,beta}-job");
    Section daily = toml.settingsFor("report-daily");
    assertThat(daily.schedule()).contains("@hourly");
    assertThat(daily.includedFiles()).containsExactly("shared/**", "reports/**");
    assertThat(daily.nodeBundler()).contains("esbuild");
    assertThat(toml.settingsFor("report-weekly").schedule()).contains("@daily");
    assertThat(toml.settingsFor("beta-job").schedule()).contains("0 5 * * *");
    assertThat(toml.settingsFor("other").schedule()).contains("@weekly");
    assertThat(toml.settingsFor(".hidden").schedule()).as("minimatch's * skips dotfiles").isEmpty();
  }

  @Test
  void aTableNamedLikeASettingIsStillAFunction() throws IOException {
    NetlifyToml toml = read("[functions.schedule]\n  schedule = \"@daily\"\n");
    assertThat(toml.settingsFor("schedule").schedule()).contains("@daily");
    assertThat(toml.settingsFor("other").schedule()).isEmpty();
  }

  @Test
  void wrongValuesAreReportedWhereTheyAreWritten() throws IOException {
    assertThat(problems("""
        [functions]
          directory = 5
        [functions."nightly"]
          schedule = "every night"
          included_files = "content/**"
          node_bundler = "esbuid"
          background = true
          directory = "x"
        [functions.broken]
          vcpu = 3
          memory = true
        """)).containsExactlyInAnyOrder(
        "netlify.toml:2:3: functions.directory must be a string: Netlify's build stops on it [netlify-toml]",
        "netlify.toml:4:3: functions.nightly.schedule: schedule \"every night\" is not a cron expression Understudy can"
            + " run: expected 5 fields (minute hour day-of-month month day-of-week), found 2 (column 12): add the missing"
            + " fields, using * for 'any' [netlify-toml]",
        "netlify.toml:5:3: functions.nightly.included_files must be an array of strings, e.g. [\"a\", \"b/**\"]: Netlify's"
            + " build stops on it [netlify-toml]",
        "netlify.toml:6:3: functions.nightly.node_bundler \"esbuid\" must be one of esbuild, nft, zisi, none: Netlify's"
            + " build stops on it; did you mean \"esbuild\"? [netlify-toml]",
        "netlify.toml:7:3: functions.nightly.background is not a Netlify functions setting: Netlify ignores it; the"
            + " settings are deno_import_map, directory, external_node_modules, ignored_node_modules, included_files,"
            + " memory, name, node_bundler, region, schedule, vcpu [netlify-toml]",
        "netlify.toml:8:3: functions.nightly.directory must be set on [functions] itself, not on one function: Netlify's"
            + " build stops on it [netlify-toml]",
        "netlify.toml:11:3: functions.broken.memory must be a number (in MB) or a string with a unit (e.g. \"2gb\"):"
            + " Netlify's build stops on it [netlify-toml]",
        "netlify.toml:10:3: functions.broken.vcpu must be a number between 0.5 and 2: Netlify's build stops on it"
            + " [netlify-toml]");
  }

  @Test
  void aBadValueIsLeftOut() throws IOException {
    NetlifyToml toml = read("[functions.a]\n  schedule = \"nope\"\n  node_bundler = \"x\"\n");
    assertThat(toml.settingsFor("a")).isEqualTo(new Section("a", Optional.empty(), List.of(), List.of(), List.of(),
        Optional.empty(), Optional.empty()));
  }
}
