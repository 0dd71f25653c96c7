package dev.understudy.systems.netlify.site;

import dev.understudy.systems.netlify.Site.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What netlify.toml says about functions, checked as @netlify/config checks it: the
 * {@code [build] base}, the functions directory ({@code [functions] directory}, else the legacy
 * {@code [build] functions}), and the {@code [functions."pattern"]} sections in file order
 * (top-level keys of {@code [functions]} are the {@code "*"} section, as Netlify normalizes them).
 * A value Netlify would reject is left out and explained in {@code problems}.
 */
record NetlifyToml(
    Optional<Path> file,
    Optional<Located> base,
    Optional<Located> functionsDirectory,
    List<Section> sections,
    List<Problem> problems) {

  /** A string setting, with the key it came from ({@code functions.directory}) and where it is written. */
  record Located(String value, String key, int line, int column) {}

  /**
   * One {@code [functions."pattern"]} section, in Netlify's build terms: {@code included_files},
   * {@code external_node_modules}, {@code ignored_node_modules}, {@code node_bundler},
   * {@code schedule} and {@code name} are what Netlify's build hands to its bundler.
   */
  record Section(String pattern, Optional<String> schedule, List<String> includedFiles, List<String> externalNodeModules,
      List<String> ignoredNodeModules, Optional<String> nodeBundler, Optional<String> name) {

    static final Section EMPTY = new Section("*", Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(),
        Optional.empty());

    Section {
      includedFiles = List.copyOf(includedFiles);
      externalNodeModules = List.copyOf(externalNodeModules);
      ignoredNodeModules = List.copyOf(ignoredNodeModules);
    }
  }

  static final NetlifyToml NONE = new NetlifyToml(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of());

  NetlifyToml {
    sections = List.copyOf(sections);
    problems = List.copyOf(problems);
  }

  /**
   * The settings for function {@code name}: every section whose pattern matches it, lighter ones
   * first, heavier ones overriding single values; lists are joined (Netlify's merge, zisi's
   * {@code config.ts}).
   */
  Section settingsFor(String name) {
    List<Section> matching = new ArrayList<>(sections.stream().filter(s -> NameGlob.matches(name, s.pattern())).toList());
    matching.sort(Comparator.comparingInt(s -> NameGlob.weight(s.pattern())));
    Section merged = Section.EMPTY;
    for (Section s : matching) {
      merged = new Section(name, s.schedule().or(merged::schedule), join(merged.includedFiles(), s.includedFiles()),
          join(merged.externalNodeModules(), s.externalNodeModules()), join(merged.ignoredNodeModules(), s.ignoredNodeModules()),
          s.nodeBundler().or(merged::nodeBundler), s.name().or(merged::name));
    }
    return merged;
  }

  private static List<String> join(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
