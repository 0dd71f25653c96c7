package dev.understudy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The netlifyFunctions section of understudy.yml and its environment overrides. */
class NetlifyFunctionsConfigTest {
  @TempDir Path dir;

  UnderstudyConfig load(String yaml, Map<String, String> env) throws IOException {
    if (yaml != null) Files.writeString(dir.resolve("understudy.yml"), yaml);
    return new ConfigLoader(env).read(dir);
  }

  @Test
  void defaultsServeOnNetlifyDevsPortWithNetlifysTimeout() throws IOException {
    UnderstudyConfig.NetlifyFunctions n = load(null, Map.of()).netlifyFunctions();
    assertThat(n).isEqualTo(UnderstudyConfig.NetlifyFunctions.DEFAULTS);
    assertThat(n.host()).isEqualTo("127.0.0.1");
    assertThat(n.port()).isEqualTo(8888);
    assertThat(n.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(n.apiUrl()).isEqualTo("https://api.netlify.com/api/v1");
    assertThat(n.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void readsEveryKey() throws IOException {
    UnderstudyConfig c = load("""
        netlifyFunctions:
          mode: replace
          host: 0.0.0.0
          port: 0
          timeout: 10s
          workers: 3
          env: {GREETING: hi}
          autoRestore: true
          backups: {keep: 5}
          siteId: my-site
          tokenEnv: SITE_NETLIFY_TOKEN
          apiUrl: http://127.0.0.1:9999/api/v1/
          watchInterval: 30s
        """, Map.of());
    UnderstudyConfig.NetlifyFunctions n = c.netlifyFunctions();
    assertThat(c.modeOf("netlifyFunctions")).isEqualTo(Mode.REPLACE);
    assertThat(n.host()).isEqualTo("0.0.0.0");
    assertThat(n.port()).isZero();
    assertThat(n.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(n.workers()).isEqualTo(3);
    assertThat(n.env()).containsEntry("GREETING", "hi");
    assertThat(n.autoRestore()).isTrue();
    assertThat(n.backupsKeep()).isEqualTo(5);
    assertThat(n.siteId()).contains("my-site");
    assertThat(n.tokenEnv()).contains("SITE_NETLIFY_TOKEN");
    assertThat(n.apiUrl()).isEqualTo("http://127.0.0.1:9999/api/v1");
    assertThat(n.watchInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void environmentOverridesPortAndApiUrl() throws IOException {
    UnderstudyConfig.NetlifyFunctions n = load("netlifyFunctions: {port: 9000}\n",
        Map.of("UNDERSTUDY_FUNCTIONS_PORT", "0", "UNDERSTUDY_NETLIFY_API_URL", "http://localhost:1234")).netlifyFunctions();
    assertThat(n.port()).isZero();
    assertThat(n.apiUrl()).isEqualTo("http://localhost:1234");
  }

  @Test
  void badValuesSayWhereAndHowToFix() {
    String file = dir.resolve("understudy.yml").toString();
    assertThatThrownBy(() -> load("netlifyFunctions:\n  timeout: 20m\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file + ":2:")
        .hasMessageContaining("use 1s to 15m");
    assertThatThrownBy(() -> load("netlifyFunctions:\n  tokenEnv: nfp_abc-123\n", Map.of()))
        .hasMessageContaining("not an environment variable name")
        .hasMessageContaining("never the token itself");
    assertThatThrownBy(() -> load("netlifyFunctions:\n  apiUrl: ftp://x\n", Map.of()))
        .hasMessageContaining("https://api.netlify.com/api/v1");
    assertThatThrownBy(() -> load("netlifyFunctions:\n  prot: 8888\n", Map.of()))
        .hasMessageContaining("prot");
    assertThatThrownBy(() -> load("netlifyFunctions:\n  workers: 0\n", Map.of()))
        .hasMessageContaining("workers");
  }
}
