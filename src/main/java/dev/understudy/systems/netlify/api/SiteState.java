package dev.understudy.systems.netlify.api;

import java.util.List;
import java.util.Optional;

/**
 * What Netlify says about a site: its own state, its live (published) deploy and its newest
 * deploy. {@code scheduledFunctions} and {@code functions} are what a deploy declares, when the
 * answer holds them ({@code function_schedules}, {@code available_functions}).
 */
public record SiteState(String id, String name, Optional<String> state, boolean disabled, Optional<Deploy> published,
    Optional<Deploy> latest) {

  public record Deploy(String id, String state, Optional<String> errorMessage, Optional<List<String>> scheduledFunctions,
      Optional<List<String>> functions) {
    public boolean ready() {
      return "ready".equals(state);
    }
  }

  public SiteState withLatest(Optional<Deploy> latest) {
    return new SiteState(id, name, state, disabled, published, latest);
  }
}
