package dev.understudy.systems.actions.github;

import dev.understudy.util.Sleeper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.understudy.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: a sleeper that advances a clock instead of sleeping, and run JSON as GitHub writes it. */
public final class FakeGitHub {
  public static final String TOKEN = "ghp_testTokenValue1234567890abcdef";
  public static final Repository REPO = new Repository("octo", "site");

  private FakeGitHub() {}

  /** Records every wait and moves the clock on by it: no test sleeps. */
  static final class RecordingSleeper implements Sleeper {
    final MutableClock clock;
    final List<Duration> waits = new ArrayList<>();

    RecordingSleeper(MutableClock clock) {
      this.clock = clock;
    }

    @Override
    public void sleep(Duration d) {
      waits.add(d);
      clock.advance(d);
    }
  }

  static GitHubClient client(WireMockExtension wm, MutableClock clock, RecordingSleeper sleeper, List<String> notes) {
    return new GitHubClient(wm.baseUrl(), TOKEN, "GITHUB_TOKEN", GitHubClient.Options.DEFAULTS, clock, sleeper, notes::add);
  }

  public static String run(long id, String event, String status, String conclusion, Instant created) {
    return "{\"id\": " + id + ", \"name\": \"nightly\", \"event\": \"" + event + "\", \"status\": \"" + status + "\", \"conclusion\": "
        + (conclusion == null ? "null" : "\"" + conclusion + "\"") + ", \"created_at\": \"" + created + "\", \"run_started_at\": \""
        + created.plusSeconds(4) + "\", \"html_url\": \"https://github.com/octo/site/actions/runs/" + id + "\"}";
  }

  public static String runs(String... runs) {
    return "{\"total_count\": " + runs.length + ", \"workflow_runs\": [" + String.join(",", runs) + "]}";
  }

  public static String workflow(String state) {
    return "{\"id\": 161335, \"node_id\": \"MDg6V29ya2Zsb3cxNjEzMzU=\", \"name\": \"Nightly\", \"path\": \".github/workflows/nightly.yml\", "
        + "\"state\": \"" + state + "\", \"created_at\": \"2026-01-01T00:00:00Z\", \"html_url\": \"https://github.com/octo/site/blob/main/.github/workflows/nightly.yml\"}";
  }
}
