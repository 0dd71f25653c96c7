package dev.understudy.systems.actions.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Checks the labels of one job's {@code runs-on}: each must be a GitHub-hosted label, a preset
 * self-hosted label or one of the project's custom labels (case-insensitive, as GitHub matches
 * them), and the GitHub-hosted labels of one job must describe a machine that exists: no Linux
 * label next to a Windows one, no x64 image next to an arm64 one.
 *
 * <pre>{@code
 * var ubuntu = new RunnerLabels.Label("ubuntu-latest", "line:7,col:15");
 * var windows = new RunnerLabels.Label("windows-latest", "line:7,col:30");
 * RunnerLabels.standard().check(List.of(ubuntu, windows))
 *   // [LabelProblem[label=windows, message=label "windows-latest" conflicts with label "ubuntu-latest" defined at line:7,col:15. ...]]
 * }</pre>
 *
 * <p>Conflicts are judged by operating system and CPU architecture only. Two versions of one OS
 * ({@code ubuntu-latest} with {@code ubuntu-22.04}) are not reported: what "latest" points at moves
 * while GitHub migrates it, over weeks. Labels holding {@code ${{ }}} are the caller's to skip or to
 * expand (see {@link Entry}).
 */
public final class RunnerLabels {

  /**
   * One label as written, with where it was written, in the caller's own words (such as
   * {@code line:7,col:15}); the position appears in conflict messages about later labels.
   */
  public record Label(String name, String position) {
    public Label {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(position, "position");
    }
  }

  /**
   * One item of {@code runs-on}: a single label, or the labels one expression can take (such as the
   * values of a matrix row for {@code ${{ matrix.os }}}). Alternatives never conflict with each
   * other, only with the other entries.
   */
  public record Entry(List<Label> alternatives) {
    public Entry {
      alternatives = List.copyOf(alternatives);
    }

    public static Entry of(Label label) {
      return new Entry(List.of(label));
    }
  }

  /** A problem about one label given to {@link #check}: report it at that label's position. */
  public record LabelProblem(Label label, String message) {}

  private enum Os { LINUX, WINDOWS, MACOS }

  private enum Arch { X64, ARM64, ANY }

  /** A machine a hosted or preset OS label asks for. */
  private record Machine(Os os, Arch arch) {
    boolean compatible(Machine other) {
      return os == other.os && (arch == Arch.ANY || other.arch == Arch.ANY || arch == other.arch);
    }
  }

  /**
   * GitHub-hosted labels, in the order messages list them (docs "GitHub-hosted runners", 2026).
   * {@code ubuntu-20.04} was retired in April 2025; it is kept known because workflows the
   * conformance corpus treats as valid still name it.
   */
  private static final Map<String, Machine> HOSTED = hosted();

  /** Preset self-hosted labels that name no operating system. */
  private static final List<String> SELF_HOSTED = List.of("self-hosted", "x64", "arm", "arm64");

  /** Preset self-hosted labels naming an operating system, any architecture. */
  private static final Map<String, Machine> SELF_HOSTED_OS = orderedMap(
      "linux", new Machine(Os.LINUX, Arch.ANY),
      "macos", new Machine(Os.MACOS, Arch.ANY),
      "windows", new Machine(Os.WINDOWS, Arch.ANY));

  private static final RunnerLabels STANDARD = new RunnerLabels(List.of());

  private final List<String> custom;

  /**
   * @param customLabels labels of the project's self-hosted runners; {@code *} (any run of
   *     characters) and {@code ?} (one character) work as wildcards
   */
  public RunnerLabels(Collection<String> customLabels) {
    this.custom = List.copyOf(customLabels);
  }

  /** Only GitHub's own labels. */
  public static RunnerLabels standard() {
    return STANDARD;
  }

  /** Whether {@code label} is GitHub-hosted, a preset self-hosted label or a custom one. */
  public boolean isKnown(String label) {
    String lower = label.toLowerCase(Locale.ROOT);
    return HOSTED.containsKey(lower) || SELF_HOSTED.contains(lower) || SELF_HOSTED_OS.containsKey(lower)
        || custom.stream().anyMatch(pattern -> wildcardMatch(pattern, label));
  }

  /** Checks a {@code runs-on} list of plain labels; see {@link #checkEntries}. */
  public List<LabelProblem> check(List<Label> labels) {
    return checkEntries(labels.stream().map(Entry::of).toList());
  }

  /**
   * Checks one job's {@code runs-on}: unknown labels, then, when there is more than one entry,
   * each hosted label against the earlier compatible ones (reported at the later label, naming
   * the first earlier label it conflicts with).
   */
  public List<LabelProblem> checkEntries(List<Entry> entries) {
    List<LabelProblem> problems = new ArrayList<>();
    List<Label> accepted = new ArrayList<>(); // hosted labels so far that conflict with nothing
    for (Entry entry : entries) {
      List<Label> fine = new ArrayList<>();
      for (Label label : entry.alternatives()) {
        if (!isKnown(label.name())) {
          problems.add(new LabelProblem(label, unknownMessage(label.name())));
          continue;
        }
        Machine machine = machine(label.name());
        if (machine == null || entries.size() < 2) continue;
        Label clash = accepted.stream().filter(a -> !machine(a.name()).compatible(machine)).findFirst().orElse(null);
        if (clash != null) {
          problems.add(new LabelProblem(label, "label " + Quoting.quote(label.name()) + " conflicts with label "
              + Quoting.quote(clash.name()) + " defined at " + clash.position()
              + ". note: to run your job on each workers, use matrix"));
        } else {
          fine.add(label);
        }
      }
      accepted.addAll(fine);
    }
    return problems;
  }

  private String unknownMessage(String label) {
    List<String> all = Stream.of(HOSTED.keySet().stream(), SELF_HOSTED.stream(), SELF_HOSTED_OS.keySet().stream(),
        custom.stream()).flatMap(s -> s).toList();
    return "label " + Quoting.quote(label) + " is unknown. available labels are " + Quoting.quoteAll(all)
        + ". if it is a custom label of a self-hosted runner, list \"self-hosted\" first in runs-on";
  }

  private static Machine machine(String label) {
    String lower = label.toLowerCase(Locale.ROOT);
    Machine m = HOSTED.get(lower);
    return m != null ? m : SELF_HOSTED_OS.get(lower);
  }

  /** {@code *} matches any run of characters, {@code ?} one; everything else itself. */
  static boolean wildcardMatch(String pattern, String text) {
    int p = 0, t = 0, star = -1, mark = 0;
    while (t < text.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') p++;
    return p == pattern.length();
  }

  private static Map<String, Machine> hosted() {
    Machine win = new Machine(Os.WINDOWS, Arch.X64), winArm = new Machine(Os.WINDOWS, Arch.ARM64);
    Machine linux = new Machine(Os.LINUX, Arch.X64), linuxArm = new Machine(Os.LINUX, Arch.ARM64);
    Machine mac = new Machine(Os.MACOS, Arch.ARM64), macIntel = new Machine(Os.MACOS, Arch.X64);
    return orderedMap(
        "windows-latest", win, "windows-latest-8-cores", win, "windows-2025", win, "windows-2025-vs2026", win,
        "windows-2022", win, "windows-11-arm", winArm,
        "ubuntu-slim", linux, "ubuntu-latest", linux, "ubuntu-latest-4-cores", linux, "ubuntu-latest-8-cores", linux,
        "ubuntu-latest-16-cores", linux, "ubuntu-24.04", linux, "ubuntu-24.04-arm", linuxArm, "ubuntu-22.04", linux,
        "ubuntu-22.04-arm", linuxArm, "ubuntu-20.04", linux,
        // -large runs on Intel, -xlarge on Apple silicon
        "macos-latest", mac, "macos-latest-xlarge", mac, "macos-latest-large", macIntel,
        "macos-26-intel", macIntel, "macos-26-xlarge", mac, "macos-26-large", macIntel, "macos-26", mac,
        "macos-15-intel", macIntel, "macos-15-xlarge", mac, "macos-15-large", macIntel, "macos-15", mac,
        "macos-14-xlarge", mac, "macos-14-large", macIntel, "macos-14", mac);
  }

  private static <V> Map<String, V> orderedMap(Object... pairs) {
    Map<String, V> map = new java.util.LinkedHashMap<>();
    for (int k = 0; k < pairs.length; k += 2) {
      @SuppressWarnings("unchecked") V v = (V) pairs[k + 1];
      map.put((String) pairs[k], v);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
