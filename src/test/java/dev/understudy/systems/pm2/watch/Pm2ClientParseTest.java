package dev.understudy.systems.pm2.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.understudy.util.JsonReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PM2's process list, as pm2 jlist prints it (trimmed), read into Pm2App without its environment. */
class Pm2ClientParseTest {
  static final String LIST = """
      [{"pid":4242,"name":"api","pm2_env":{"name":"api","pm_id":0,"status":"online","restart_time":3,
        "unstable_restarts":1,"pm_uptime":1795358101974,"exit_code":0,"DB_PASSWORD":"p4ss-w0rd-xyz",
        "env":{"DB_PASSWORD":"p4ss-w0rd-xyz"},"autorestart":true},"pm_id":0,"monit":{"memory":53764096,"cpu":2.9}},
       {"pid":0,"name":"batch","pm2_env":{"status":"stopped","restart_time":0,"unstable_restarts":0,"exit_code":2,
        "stop_exit_codes":[2]},"pm_id":1,"monit":{"memory":0,"cpu":0}},
       {"pid":0,"name":"mailer","pm2_env":{"status":"stopped","exit_code":1},"pm_id":2,"monit":{"memory":0,"cpu":0}},
       {"pid":0,"name":"cron","pm2_env":{"status":"stopped","exit_code":0},"pm_id":3,"monit":{"memory":0,"cpu":0}},
       {"pid":0,"name":"worker","pm2_env":{"status":"errored","restart_time":16,"exit_code":1},"pm_id":4}]
      """;

  static List<Pm2App> parse(String json) throws Exception {
    return Pm2Client.parse(JsonReader.parse(json, "PM2"));
  }

  @Test
  void readsStatusRestartsAndResources() throws Exception {
    List<Pm2App> apps = parse(LIST);
    Pm2App api = apps.get(0);
    assertThat(api.name()).isEqualTo("api");
    assertThat(api.pmId()).isZero();
    assertThat(api.pid()).isEqualTo(4242);
    assertThat(api.online()).isTrue();
    assertThat(api.restarts()).isEqualTo(3);
    assertThat(api.unstableRestarts()).isEqualTo(1);
    assertThat(api.memoryBytes()).isEqualTo(53764096);
    assertThat(api.cpuPercent()).isEqualTo(2.9);
    assertThat(api.onlineSince()).contains(Instant.ofEpochMilli(1795358101974L));
    assertThat(apps.get(4).errored()).isTrue();
    assertThat(apps.get(4).needsRestart()).isTrue();
    assertThat(apps.get(4).memoryBytes()).isZero();
  }

  @Test
  void keepsNoEnvironmentValue() throws Exception {
    assertThat(parse(LIST).toString()).doesNotContain("p4ss-w0rd-xyz").doesNotContain("DB_PASSWORD");
  }

  @Test
  void tellsACrashFromAStopOnPurpose() throws Exception {
    List<Pm2App> apps = parse(LIST);
    assertThat(apps.get(1).unexpectedStop()).as("exit code listed in stop_exit_codes").isFalse();
    assertThat(apps.get(1).deliberatelyStopped()).isTrue();
    assertThat(apps.get(2).unexpectedStop()).as("exit 1 without autorestart").isTrue();
    assertThat(apps.get(2).needsRestart()).isTrue();
    assertThat(apps.get(3).unexpectedStop()).as("pm2 stop leaves exit code 0").isFalse();
    assertThat(apps.get(3).needsRestart()).isFalse();
  }

  @Test
  void somethingElseIsAnErrorThatQuotesNothing() {
    assertThatThrownBy(() -> parse("{\"SECRET\":\"x\"}")).isInstanceOf(Pm2Exception.class)
        .hasMessageNotContaining("SECRET");
  }
}
