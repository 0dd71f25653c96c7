package dev.understudy.systems.netlify.serve;

import static dev.understudy.systems.netlify.serve.ServeFixtures.get;
import static dev.understudy.systems.netlify.serve.ServeFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.systems.netlify.FunctionInvoker;
import dev.understudy.systems.netlify.NetlifyFunction;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** The HTTP front and the pool together: real Node workers, a real server on a free port, real HTTP calls. */
class FunctionServerTest {
  @TempDir static Path project;
  static Path functionsDir;
  static List<NetlifyFunction> functions;
  static FunctionServer server;
  static int port;
  static final ServeFixtures.Logs logs = new ServeFixtures.Logs();
  static final ConcurrentLinkedQueue<BackgroundSubmitter.BackgroundCall> background = new ConcurrentLinkedQueue<>();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    functionsDir = ServeFixtures.copy(project);
    functions = ServeFixtures.all(functionsDir);
    server = FunctionServer.builder(() -> functions)
        .environment(Map.of("SITE_GREETING", "hello from the site", "SITE_NAME", "fixture-site"))
        .workingDir(project)
        .workers(2)
        .logs(logs)
        .background(background::add)
        .build();
    server.start("127.0.0.1", 0);
    port = server.port();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  static JsonNode body(HttpResponse<String> r) throws Exception {
    return json.readTree(r.body());
  }

  static NetlifyFunction fn(String name) {
    return functions.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  // ------------------------------------------------------------------ v1

  @Test
  void v1HelloAnswersWithItsBodyAndARequestId() {
    HttpResponse<String> r = get(port, "/.netlify/functions/hello");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("Hello, World");
    assertThat(r.headers().firstValue("content-type")).hasValue("text/plain");
    assertThat(r.headers().firstValue("x-nf-request-id")).get().asString().hasSize(26);
  }

  @Test
  void v1EventHasNetlifysFieldsWithMultiValueQueryAndHeaders() throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(ServeFixtures.uri(port, "/.netlify/functions/echo/sub/path?a=1&a=2&b=x%20y"))
        .header("X-Multi", "one").header("X-Multi", "two").GET();
    JsonNode r = body(ServeFixtures.send(b));
    JsonNode e = r.get("event");
    assertThat(e.get("path").asText()).isEqualTo("/.netlify/functions/echo/sub/path");
    assertThat(e.get("httpMethod").asText()).isEqualTo("GET");
    assertThat(e.get("rawUrl").asText()).isEqualTo("http://127.0.0.1:" + port + "/.netlify/functions/echo/sub/path?a=1&a=2&b=x%20y");
    assertThat(e.get("rawQuery").asText()).isEqualTo("a=1&a=2&b=x%20y");
    assertThat(e.get("queryStringParameters").get("a").asText()).isEqualTo("1, 2");
    assertThat(e.get("queryStringParameters").get("b").asText()).isEqualTo("x y");
    assertThat(e.get("multiValueQueryStringParameters").get("a")).extracting(JsonNode::asText).containsExactly("1", "2");
    assertThat(e.get("headers").get("x-multi").asText()).isEqualTo("one, two");
    assertThat(e.get("multiValueHeaders").get("x-multi")).extracting(JsonNode::asText).containsExactly("one", "two");
    assertThat(e.get("headers").get("client-ip").asText()).isEqualTo("127.0.0.1");
    assertThat(e.get("headers").get("x-nf-client-connection-ip").asText()).isEqualTo("127.0.0.1");
    assertThat(e.has("body")).as("a GET without a body has none").isFalse();
    JsonNode c = r.get("context");
    assertThat(c.get("functionName").asText()).isEqualTo("echo");
    assertThat(c.get("awsRequestId").asText()).isEqualTo(e.get("headers").get("x-nf-request-id").asText());
    assertThat(c.get("callbackWaitsForEmptyEventLoop").asBoolean()).isTrue();
    assertThat(c.get("remaining").asLong()).isPositive();
    assertThat(c.get("clientContext").isObject()).isTrue();
  }

  @Test
  void v1BodyIsUtf8ForTextLikeTypesAndBase64ForOthers() throws Exception {
    JsonNode jsonBody = body(post(port, "/.netlify/functions/echo", "application/json", "{\"ü\":1}".getBytes(StandardCharsets.UTF_8))).get("event");
    assertThat(jsonBody.get("body").asText()).isEqualTo("{\"ü\":1}");
    assertThat(jsonBody.get("isBase64Encoded").asBoolean()).isFalse();
    for (String textType : List.of("text/plain; charset=utf-8", "application/vnd.api+json", "application/x-www-form-urlencoded", "image/svg+xml")) {
      assertThat(body(post(port, "/.netlify/functions/echo", textType, "a=b".getBytes())).get("event").get("isBase64Encoded").asBoolean())
          .as(textType).isFalse();
    }
    byte[] binary = {0, 1, 2, (byte) 200, (byte) 255};
    JsonNode bin = body(post(port, "/.netlify/functions/echo", "application/octet-stream", binary)).get("event");
    assertThat(bin.get("isBase64Encoded").asBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(bin.get("body").asText())).isEqualTo(binary);
    JsonNode none = body(post(port, "/.netlify/functions/echo", null, "x".getBytes())).get("event");
    assertThat(none.get("isBase64Encoded").asBoolean()).as("no content type: base64").isTrue();
  }

  @Test
  void v1ClientContextComesFromABearerJwt() throws Exception {
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"user-1\",\"email\":\"a@b.c\"}".getBytes());
    JsonNode c = body(get(port, "/.netlify/functions/echo", "Authorization", "Bearer xx." + payload + ".sig")).get("context").get("clientContext");
    assertThat(c.get("user").get("sub").asText()).isEqualTo("user-1");
    assertThat(c.get("identity").get("url").asText()).endsWith("/.netlify/identity");
  }

  @Test
  void callbackStyleHandlerAnswersThroughItsCallback() {
    HttpResponse<String> r = get(port, "/.netlify/functions/callback");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("called back");
  }

  @Test
  void aBadStatusCodeIsA500AndALogLineNamingTheFunction() {
    HttpResponse<String> r = get(port, "/.netlify/functions/bad-status");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("Your function response must have a numerical statusCode. You gave: 'lots'");
    assertThat(logs.has("bad-status", Level.ERROR, "Function bad-status returned a bad response: Your function response must have a numerical statusCode")).isTrue();
  }

  @Test
  void aBodyThatIsNotAStringIsA500AndALogLine() {
    HttpResponse<String> r = get(port, "/.netlify/functions/bad-body");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("must have a string or a stream body. You gave: { not: 'a string' }");
    assertThat(logs.has("bad-body", Level.ERROR, "Function bad-body returned a bad response")).isTrue();
  }

  @Test
  void aThrownErrorIsA500WithTypeMessageAndStack() {
    HttpResponse<String> r = get(port, "/.netlify/functions/thrower");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).startsWith("TypeError: the thrower threw\n").contains("thrower.js");
    assertThat(logs.has("thrower", Level.ERROR, "Function thrower has returned an error: the thrower threw")).isTrue();
  }

  @Test
  void multiValueHeadersAndBase64BodiesOfAResponse() {
    HttpResponse<byte[]> r;
    try {
      r = ServeFixtures.CLIENT.send(HttpRequest.newBuilder(ServeFixtures.uri(port, "/.netlify/functions/multi")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("set-cookie")).containsExactly("a=1", "b=2");
    assertThat(r.headers().firstValue("x-one")).hasValue("single");
    assertThat(r.body()).isEqualTo(new byte[] {0, 1, 2, (byte) 250, (byte) 255});
  }

  @Test
  void consoleOutputReachesTheLogSinkWithFunctionAndRequestId() {
    HttpResponse<String> r = get(port, "/.netlify/functions/logger");
    assertThat(r.statusCode()).isEqualTo(204);
    String id = r.headers().firstValue("x-nf-request-id").orElseThrow();
    await().atMost(Duration.ofSeconds(10)).until(() -> logs.has("logger", Level.ERROR, "something bad"));
    assertThat(logs.lines).anySatisfy(l -> {
      assertThat(l.function()).isEqualTo("logger");
      assertThat(l.requestId()).isEqualTo(id);
      assertThat(l.level()).isEqualTo(Level.INFO);
      assertThat(l.text()).isEqualTo("hello from the log function { n: 1 }");
    });
  }

  @Test
  void theSiteEnvironmentReachesProcessEnvOverTheDaemons() {
    assertThat(get(port, "/.netlify/functions/env").body()).isEqualTo("hello from the site|home");
  }

  @Test
  void esModuleSyntaxInAJsFileOfACommonJsPackageLoads() {
    HttpResponse<String> r = get(port, "/.netlify/functions/esm-in-js");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("esm syntax in a .js file");
  }

  @Test
  void typeScriptWithoutEsbuildIsA500SayingWhatToDo() {
    HttpResponse<String> r = get(port, "/.netlify/functions/typed");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("Function typed is TypeScript").contains("npm install --save-dev esbuild");
  }

  @Test
  void headRequestsGetHeadersOnly() {
    HttpResponse<String> r = ServeFixtures.send(HttpRequest.newBuilder(ServeFixtures.uri(port, "/.netlify/functions/hello"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  // ------------------------------------------------------------------ v2

  @Test
  void v2HelloAnswers() {
    HttpResponse<String> r = get(port, "/.netlify/functions/hello-v2/anything/below");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("Hello v2");
  }

  @Test
  void v2GetsARequestAndAContextWithParamsCookiesAndEnv() throws Exception {
    HttpResponse<String> r = post(port, "/items/42?x=1", "text/plain", "the body".getBytes(),
        "Cookie", "session=abc; other=1", "X-Test", "yes");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode b = body(r);
    assertThat(b.get("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/items/42?x=1");
    assertThat(b.get("method").asText()).isEqualTo("POST");
    assertThat(b.get("header").asText()).isEqualTo("yes");
    assertThat(b.get("body").asText()).isEqualTo("the body");
    assertThat(b.get("params").get("id").asText()).isEqualTo("42");
    assertThat(b.get("ip").asText()).isEqualTo("127.0.0.1");
    assertThat(b.get("requestId").asText()).isEqualTo(r.headers().firstValue("x-nf-request-id").orElseThrow());
    assertThat(b.get("geo").get("country").get("code").asText()).isEqualTo("US");
    assertThat(b.get("site").get("name").asText()).isEqualTo("fixture-site");
    assertThat(b.get("deploy").get("context").asText()).isEqualTo("dev");
    assertThat(b.get("account").has("id")).isTrue();
    assertThat(b.get("server").has("region")).isTrue();
    assertThat(b.get("contextUrl").asText()).isEqualTo("/items/42");
    assertThat(b.get("cookie").asText()).isEqualTo("abc");
    assertThat(b.get("envGet").asText()).isEqualTo("hello from the site");
    assertThat(b.get("envHas").asBoolean()).isTrue();
    assertThat(b.get("envObject").asText()).isEqualTo("hello from the site");
    assertThat(b.get("sameContext").asBoolean()).as("Netlify.context is the call's context").isTrue();
    assertThat(b.get("waitUntil").asText()).isEqualTo("function");
    assertThat(r.headers().firstValue("x-v2")).hasValue("yes");
    assertThat(r.headers().allValues("set-cookie")).hasSize(2)
        .anySatisfy(c -> assertThat(c).startsWith("visited=yes").contains("HttpOnly").contains("Path=/"))
        .anySatisfy(c -> assertThat(c).startsWith("old=;").contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
  }

  @Test
  void wildcardPathsGiveNumberedParams() throws Exception {
    JsonNode b = body(get(port, "/api/things/deep"));
    assertThat(b.get("params").get("0").asText()).isEqualTo("things/deep");
  }

  @Test
  void aV2FunctionWithPathsIsNotReachableAtItsDefaultPath() {
    HttpResponse<String> r = get(port, "/.netlify/functions/v2-echo");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("Function v2-echo cannot be invoked on /.netlify/functions/v2-echo")
        .contains("/items/:id, /api/*");
  }

  @Test
  void methodFilterFallsThroughTo404() {
    HttpResponse<String> getR = get(port, "/submit");
    assertThat(getR.statusCode()).isEqualTo(404);
    assertThat(getR.body()).contains("only-post serves /submit for POST only");
    HttpResponse<String> postR = post(port, "/submit", "text/plain", "x".getBytes());
    assertThat(postR.statusCode()).isEqualTo(200);
    assertThat(postR.body()).isEqualTo("posted");
  }

  @Test
  void excludedPathsAreNotServed() {
    assertThat(get(port, "/docs/intro").body()).isEqualTo("docs intro");
    assertThat(get(port, "/docs/intro/").body()).as("a trailing slash is ignored").isEqualTo("docs intro");
    assertThat(get(port, "/docs/private/secret").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownFunctionIs404WithASuggestion() {
    HttpResponse<String> r = get(port, "/.netlify/functions/helo");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("no function named \"helo\"").contains("Did you mean \"hello\"?").contains("Functions here: ");
    assertThat(get(port, "/nowhere").statusCode()).isEqualTo(404);
  }

  @Test
  void undefinedIs204AndOtherValuesAre500() {
    assertThat(get(port, "/.netlify/functions/nothing").statusCode()).isEqualTo(204);
    HttpResponse<String> r = get(port, "/.netlify/functions/wrong-return");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("Function returned an unsupported value. Accepted types are 'Response' or 'undefined'");
  }

  @Test
  void netlifyEnvSetAndDeleteWork() {
    assertThat(get(port, "/.netlify/functions/env-set?key=UNDERSTUDY_TEST_KEY").body()).isEqualTo("set-by-function|false");
  }

  @Test
  void aStreamedBodyReachesTheClientChunkByChunk() throws Exception {
    Path release = project.resolve("release-" + System.nanoTime());
    HttpResponse<InputStream> r = ServeFixtures.stream(port, "/.netlify/functions/stream?release=" + release);
    assertThat(r.statusCode()).isEqualTo(200);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      assertThat(in.readLine()).as("the first chunk arrives while the function still waits").isEqualTo("first chunk");
      Files.writeString(release, "go");
      assertThat(in.readLine()).isEqualTo("second chunk");
      assertThat(in.readLine()).isNull();
    }
  }

  @Test
  void aClientThatGoesAwayMidStreamCancelsTheFunctionsStream() throws Exception {
    Path marker = project.resolve("cancelled-" + System.nanoTime());
    HttpResponse<InputStream> r = ServeFixtures.stream(port, "/.netlify/functions/ticker?marker=" + marker);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      assertThat(in.readLine()).isEqualTo("tick 0");
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(marker));
    await().atMost(Duration.ofSeconds(10)).until(() -> server.invoker().stats().inflight() == 0);
  }

  // ------------------------------------------------------------------ reloads, concurrency, kinds

  @Test
  void anEditedEsModuleAndItsLocalImportAreServedFresh() throws Exception {
    assertThat(get(port, "/.netlify/functions/reload").body()).isEqualTo("version one alpha");
    Path main = functionsDir.resolve("reload.mjs");
    Files.writeString(main, Files.readString(main).replace("version one", "version two"));
    bumpMtime(main);
    await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/.netlify/functions/reload").body().equals("version two alpha"));
    Path helper = functionsDir.resolve("_lib/word.mjs");
    // Both workers must have loaded this version (and so seen the helper) before the helper changes.
    for (int i = 0; i < 6; i++) get(port, "/.netlify/functions/reload");
    Files.writeString(helper, "export const word = 'beta';\n");
    bumpMtime(helper);
    await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/.netlify/functions/reload").body().equals("version two beta"));
  }

  @Test
  void anEditedCommonJsModuleAndItsRequireAreServedFresh() throws Exception {
    assertThat(get(port, "/.netlify/functions/reload-cjs").body()).isEqualTo("cjs one alpha");
    Path helper = functionsDir.resolve("_lib/word.cjs");
    Files.writeString(helper, "exports.word = 'gamma';\n");
    bumpMtime(helper);
    await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/.netlify/functions/reload-cjs").body().equals("cjs one gamma"));
  }

  static void bumpMtime(Path p) throws Exception {
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().plusSeconds(5)));
  }

  @Test
  void manyConcurrentRequestsAllAnswer() {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      calls.add(ServeFixtures.CLIENT.sendAsync(HttpRequest.newBuilder(ServeFixtures.uri(port, "/.netlify/functions/sleepy?ms=" + (50 + i))).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < calls.size(); i++) {
      HttpResponse<String> r = calls.get(i).join();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("slept " + (50 + i));
    }
  }

  @Test
  void backgroundFunctionsAnswer202AndHandTheCallOver() {
    HttpResponse<String> r = post(port, "/.netlify/functions/job-background", "application/json", "{\"job\":7}".getBytes());
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).isEmpty();
    BackgroundSubmitter.BackgroundCall call = background.stream()
        .filter(c -> c.requestId().equals(r.headers().firstValue("x-nf-request-id").orElseThrow())).findFirst().orElseThrow();
    assertThat(call.function().name()).isEqualTo("job-background");
    assertThat(call.call().method()).isEqualTo("POST");
    assertThat(new String(call.call().body(), StandardCharsets.UTF_8)).isEqualTo("{\"job\":7}");
    assertThat(call.call().headers().get("content-type")).containsExactly("application/json");
    // The submitter's side: running it later through the invoker.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      FunctionInvoker.Result result = server.invoker().invoke(call.function(), call.call(), Duration.ofSeconds(10));
      assertThat(result.status()).isLessThan(300);
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> logs.has("job-background", Level.INFO, "background got {\"job\":7}"));
  }

  @Test
  void aScheduledFunctionCalledOverHttpRunsAsItsScheduleWould() {
    HttpResponse<String> r = get(port, "/.netlify/functions/cron");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("which is a scheduled function");
    await().atMost(Duration.ofSeconds(10)).until(() -> logs.has("cron", Level.INFO, "scheduled run, next 20"));
    assertThat(logs.has("cron", Level.INFO, "ua Netlify Clockwork")).isTrue();
  }

  @Test
  void theInvokerRunsFunctionsWithoutHttp() throws Exception {
    FunctionInvoker.Result r = server.invoker().invoke(fn("echo"),
        new FunctionInvoker.Call("PUT", "http://example.com/x/y?q=1", Map.of("X-Thing", List.of("v")), "hi".getBytes()), Duration.ofSeconds(10));
    assertThat(r.status()).isEqualTo(200);
    JsonNode e = json.readTree(r.body()).get("event");
    assertThat(e.get("httpMethod").asText()).isEqualTo("PUT");
    assertThat(e.get("path").asText()).isEqualTo("/x/y");
    assertThat(e.get("headers").get("x-thing").asText()).isEqualTo("v");
    assertThat(r.headers().get("content-type")).containsExactly("application/json");
    FunctionInvoker.Result scheduled = server.invoker().invoke(fn("cron"), FunctionServer.scheduledCall(fn("cron"), "http://localhost", Instant.parse("2030-01-01T00:00:00Z")),
        Duration.ofSeconds(10));
    assertThat(scheduled.status()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(10)).until(() -> logs.has("cron", Level.INFO, "next 2030-01-01T00:00:00Z"));
  }

  // ------------------------------------------------------------------ bad input

  @Test
  void aBodyOverSixMegabytesIs413() {
    HttpResponse<String> r = post(port, "/.netlify/functions/echo", "application/octet-stream", new byte[FunctionServer.DEFAULT_MAX_BODY + 1]);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("at most 6291456 bytes");
    assertThat(get(port, "/.netlify/functions/hello").statusCode()).isEqualTo(200);
  }

  @Test
  void malformedHttpDoesNotHurtTheServer() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write("THIS IS NOT HTTP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      s.getInputStream().readAllBytes();
    }
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write("GET /.netlify/functions/hello HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      s.setSoTimeout(10_000);
      String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 ");
    }
    assertThat(get(port, "/.netlify/functions/hello").statusCode()).isEqualTo(200);
  }
}
