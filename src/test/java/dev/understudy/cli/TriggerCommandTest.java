package dev.understudy.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code understudy trigger workflow}, in process, against a fake GitHub. */
class TriggerCommandTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String TOKEN = "ghp_triggerTestToken0987654321";
  static final String WORKFLOW = "/repos/octo/site/actions/workflows/deploy.yml";
  static final String DISPATCHES = WORKFLOW + "/dispatches";

  @TempDir Path project;
  Map<String, String> env;

  record Result(int exit, String out, String err) {}

  @BeforeEach
  void setUp() throws Exception {
    Path wf = Files.createDirectories(project.resolve(".github/workflows"));
    Files.writeString(wf.resolve("deploy.yml"), """
        name: Deploy
        on:
          workflow_dispatch:
            inputs:
              environment:
                type: choice
                options: [staging, production]
                required: true
              dry_run:
                type: boolean
                default: false
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - run: echo deploying
        """);
    Files.writeString(wf.resolve("nightly.yaml"), """
        on:
          schedule:
            - cron: "0 3 * * *"
        jobs:
          n:
            runs-on: ubuntu-latest
            steps:
              - run: echo nightly
        """);
    git("init", "-q", "-b", "release");
    git("remote", "add", "origin", "https://github.com/octo/site.git");
    env = new HashMap<>();
    env.put("GITHUB_TOKEN", TOKEN);
    env.put("UNDERSTUDY_GITHUB_API_URL", wm.baseUrl());
    wm.stubFor(get(urlEqualTo(WORKFLOW)).willReturn(okJson(workflow("active"))));
  }

  static String workflow(String state) {
    return "{\"id\": 7, \"name\": \"Deploy\", \"path\": \".github/workflows/deploy.yml\", \"state\": \"" + state + "\"}";
  }

  Result trigger(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new TriggerCommand.Workflow(env, d -> {}));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--project");
    all.add(project.toString());
    int exit = cl.execute(all.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void dispatchesOnTheCurrentBranchWithInputs() {
    wm.stubFor(post(urlEqualTo(DISPATCHES)).willReturn(aResponse().withStatus(204)));

    Result r = trigger("deploy", "--input", "environment=staging", "-i", "dry_run=true");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("dispatched deploy.yml on octo/site at release with environment=staging dry_run=true (GitHub answered 204)")
        .contains("https://github.com/octo/site/actions/workflows/deploy.yml");
    wm.verify(1, postRequestedFor(urlEqualTo(DISPATCHES))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withRequestBody(equalToJson("{\"ref\": \"release\", \"inputs\": {\"environment\": \"staging\", \"dry_run\": \"true\"}}")));
  }

  @Test
  void takesTheRefAndTheFileNameWithItsExtension() {
    wm.stubFor(post(urlEqualTo(DISPATCHES)).willReturn(aResponse().withStatus(204)));
    Result r = trigger("deploy.yml", "--ref", "v1.2.0", "--input", "environment=production");
    assertThat(r.exit()).as(r.err()).isZero();
    wm.verify(postRequestedFor(urlEqualTo(DISPATCHES)).withRequestBody(equalToJson(
        "{\"ref\": \"v1.2.0\", \"inputs\": {\"environment\": \"production\"}}")));
  }

  @Test
  void theRepositoryFromUnderstudyYmlWins() throws IOException {
    Files.writeString(project.resolve("understudy.yml"), "githubActions:\n  repository: team/other\n");
    wm.stubFor(get(urlEqualTo("/repos/team/other/actions/workflows/deploy.yml")).willReturn(okJson(workflow("active"))));
    wm.stubFor(post(urlEqualTo("/repos/team/other/actions/workflows/deploy.yml/dispatches")).willReturn(aResponse().withStatus(204)));
    Result r = trigger("deploy", "-i", "environment=staging");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("on team/other");
  }

  @Test
  void anUnknownWorkflowGetsASuggestion() {
    Result r = trigger("deplyo");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no workflow 'deplyo'").contains("did you mean 'deploy.yml'?");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void aMalformedInputIsBadInput() {
    Result r = trigger("deploy", "--input", "environment");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--input 'environment' is not KEY=VALUE");
  }

  @Test
  void inputsAreCheckedAgainstTheWorkflow() {
    Result unknown = trigger("deploy", "--input", "enviroment=staging");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no such workflow_dispatch input").contains("did you mean 'environment'?");

    Result missing = trigger("deploy");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("requires the input 'environment'").contains("pass --input environment=VALUE");

    Result choice = trigger("deploy", "-i", "environment=prod");
    assertThat(choice.exit()).isEqualTo(2);
    assertThat(choice.err()).contains("not one of the input's options");

    Result bool = trigger("deploy", "-i", "environment=staging", "-i", "dry_run=yes");
    assertThat(bool.exit()).isEqualTo(2);
    assertThat(bool.err()).contains("write true or false");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void aWorkflowWithoutDispatchTriggerIsBadInput() {
    Result r = trigger("nightly");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no workflow_dispatch trigger").contains("add 'workflow_dispatch:'");
  }

  @Test
  void withoutATokenItSaysWhichVariableToSet() {
    env.remove("GITHUB_TOKEN");
    Result r = trigger("deploy", "-i", "environment=staging");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no GitHub token: set GITHUB_TOKEN or GH_TOKEN");
  }

  @Test
  void theConfiguredTokenVariableIsNamed() throws IOException {
    Files.writeString(project.resolve("understudy.yml"), "githubActions:\n  tokenEnv: SITE_DISPATCH_TOKEN\n");
    Result r = trigger("deploy", "-i", "environment=staging");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("set SITE_DISPATCH_TOKEN ");
  }

  @Test
  void gitHubsRefusalIsReportedWithItsMessageAndNoToken() {
    wm.stubFor(post(urlEqualTo(DISPATCHES)).willReturn(aResponse().withStatus(422)
        .withBody("{\"message\": \"No ref found for: release\", \"documentation_url\": \"https://docs.github.com/rest\"}")));
    Result r = trigger("deploy", "-i", "environment=staging");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("422 (No ref found for: release)").doesNotContain(TOKEN);
  }

  @Test
  void aBadTokenFailsNamingTheVariable() {
    wm.stubFor(get(urlEqualTo(WORKFLOW)).willReturn(aResponse().withStatus(401).withBody("{\"message\": \"Bad credentials\"}")));
    Result r = trigger("deploy", "-i", "environment=staging");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("401 (Bad credentials)").contains("set a valid one in GITHUB_TOKEN").doesNotContain(TOKEN);
    wm.verify(0, postRequestedFor(urlEqualTo(DISPATCHES)));
  }

  @Test
  void aDisabledWorkflowIsNotDispatched() {
    wm.stubFor(get(urlEqualTo(WORKFLOW)).willReturn(okJson(workflow("disabled_manually"))));
    Result r = trigger("deploy", "-i", "environment=staging");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("deploy.yml is disabled_manually on octo/site").contains("enable it");
    wm.verify(0, postRequestedFor(urlEqualTo(DISPATCHES)));
  }

  @Test
  void aBadApiUrlNamesTheVariable() {
    env.put("UNDERSTUDY_GITHUB_API_URL", "api.github.com");
    Result r = trigger("deploy", "-i", "environment=staging");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("UNDERSTUDY_GITHUB_API_URL").contains("https://api.github.com");
  }

  @Test
  void mainKnowsTheCommand() {
    assertThat(Main.execute("trigger", "workflow", "--help")).isZero();
  }

  private void git(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("git", "-C", project.toString()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
