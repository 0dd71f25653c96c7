package dev.understudy.systems.netlify.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/**
 * The fake Netlify API of the tests (Netlify's hosted API cannot be reached from here): answers
 * shaped like api.netlify.com's for a site and its deploys.
 */
public final class FakeNetlify {
  public static final String TOKEN = "nfp_testTokenValue1234567890abcdef";
  public static final String SITE = "a1b2c3d4-site";

  private FakeNetlify() {}

  public static String deploy(String id, String state, String... scheduled) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < scheduled.length; i++) {
      if (i > 0) s.append(',');
      s.append("{\"name\": \"").append(scheduled[i]).append("\", \"cron\": \"@daily\"}");
    }
    s.append(']');
    return "{\"id\": \"" + id + "\", \"site_id\": \"" + SITE + "\", \"state\": \"" + state + "\", \"context\": \"production\", "
        + "\"error_message\": " + ("error".equals(state) ? "\"Build script returned non-zero exit code: 2\"" : "null") + ", "
        + "\"function_schedules\": " + s + ", \"created_at\": \"2026-11-20T10:00:00.000Z\"}";
  }

  public static String site(String state, String publishedDeploy) {
    return "{\"id\": \"" + SITE + "\", \"name\": \"octo-site\", \"state\": \"" + state + "\", \"url\": \"https://octo-site.netlify.app\", "
        + "\"published_deploy\": " + (publishedDeploy == null ? "null" : publishedDeploy) + "}";
  }

  /** The site answers {@code site} and its newest deploy is {@code latest} (null: none). */
  public static void serve(WireMockExtension wm, String site, String latest) {
    wm.stubFor(get(urlEqualTo("/sites/" + SITE)).willReturn(okJson(site)));
    wm.stubFor(get(urlPathEqualTo("/sites/" + SITE + "/deploys"))
        .willReturn(okJson("[" + (latest == null ? "" : latest) + "]")));
  }

  public static void fail(WireMockExtension wm, int status) {
    wm.stubFor(get(urlPathEqualTo("/sites/" + SITE)).willReturn(aResponse().withStatus(status)
        .withHeader("content-type", "application/json").withBody("{\"code\": " + status + ", \"message\": \"Not Found\"}")));
  }
}
