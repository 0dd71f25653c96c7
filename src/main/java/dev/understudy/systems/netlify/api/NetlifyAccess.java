package dev.understudy.systems.netlify.api;

import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.logs.EnvToken;
import dev.understudy.util.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where Understudy finds the site and the token to watch Netlify with: the site from {@code
 * netlifyFunctions.siteId}, else {@code NETLIFY_SITE_ID}, else {@code .netlify/state.json} (what
 * {@code netlify link} writes); the token from the variable named by {@code
 * netlifyFunctions.tokenEnv}, else {@code NETLIFY_AUTH_TOKEN} (netlify-cli's). Missing pieces are
 * reasons, not errors: without them Netlify is unobservable.
 */
public record NetlifyAccess(String apiUrl, Optional<String> siteId, String siteSource, Optional<EnvToken> token,
    List<String> tokenVariables) {

  public static final String DEFAULT_TOKEN_VARIABLE = "NETLIFY_AUTH_TOKEN";
  public static final String SITE_VARIABLE = "NETLIFY_SITE_ID";
  public static final String STATE_FILE = ".netlify/state.json";

  public static NetlifyAccess discover(UnderstudyConfig.NetlifyFunctions settings, Path projectDir, Map<String, String> env) {
    List<String> vars = settings.tokenEnv().map(List::of).orElse(List.of(DEFAULT_TOKEN_VARIABLE));
    Optional<EnvToken> token = EnvToken.first(vars, env);
    Optional<String> site;
    String source;
    String fromEnv = env.get(SITE_VARIABLE);
    if (settings.siteId().isPresent()) {
      site = settings.siteId();
      source = "netlifyFunctions.siteId";
    } else if (fromEnv != null && !fromEnv.isBlank()) {
      site = Optional.of(fromEnv.trim());
      source = SITE_VARIABLE;
    } else {
      Path state = projectDir.resolve(STATE_FILE);
      site = linkedSite(state);
      source = site.isPresent() ? state.toString() : "no netlifyFunctions.siteId, no " + SITE_VARIABLE + " and no site in " + state;
    }
    return new NetlifyAccess(settings.apiUrl(), site, source, token, vars);
  }

  private static Optional<String> linkedSite(Path state) {
    try {
      Object id = JsonReader.object(Files.readString(state, StandardCharsets.UTF_8), state.toString()).get("siteId");
      return id instanceof String s && !s.isBlank() ? Optional.of(s.trim()) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Why Netlify cannot be watched, when it cannot; what to set, in one sentence. */
  public Optional<String> missing() {
    List<String> what = new ArrayList<>();
    if (siteId.isEmpty()) what.add("no site (" + siteSource + "; set netlifyFunctions.siteId or run `netlify link`)");
    if (token.isEmpty()) what.add("no token (set " + String.join(" or ", tokenVariables) + ")");
    return what.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", what));
  }
}
