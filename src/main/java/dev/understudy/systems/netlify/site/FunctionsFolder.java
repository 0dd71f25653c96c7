package dev.understudy.systems.netlify.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the functions in a functions directory as zip-it-and-ship-it's Node runtime does
 * ({@code runtimes/node/finder.ts}): each direct child is a function when it is a file ending in
 * {@code .js .mjs .cjs .ts .tsx .mts .cts} (named after the file without its extension), or a
 * directory holding a main file, the first of {@code NAME.js index.js NAME.ts index.ts NAME.mjs
 * index.mjs NAME.cjs index.cjs NAME.tsx index.tsx NAME.mts index.mts NAME.cts index.cts}.
 * {@code node_modules} is skipped; dotfiles are not (Netlify deploys {@code .x.js} as a function
 * named {@code .x}). When two children have the same name a directory wins, then the extension
 * first in {@code .js .zip .mjs .cjs .ts .tsx .mts .cts}. A prebuilt {@code .zip} takes part in that
 * choice but is not run here; Go and Rust functions and other files are not functions here.
 */
final class FunctionsFolder {
  static final List<String> EXTENSIONS = List.of(".js", ".zip", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts");
  private static final List<String> MAIN_FILE_EXTENSIONS = List.of(".js", ".ts", ".mjs", ".cjs", ".tsx", ".mts", ".cts");

  /** A function found on disk: {@code srcPath} is the child of the functions directory it came from. */
  record Found(String name, Path mainFile, Path srcPath, boolean directory) {
    String extension() {
      return FunctionsFolder.extension(mainFile.getFileName().toString());
    }

    boolean prebuiltZip() {
      return !directory && extension().equals(".zip");
    }
  }

  private FunctionsFolder() {}

  /** The functions of {@code dir}, by name (sorted), after Netlify's precedence between same-named children. */
  static List<Found> list(Path dir) throws IOException {
    List<Found> found = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : children.sorted().toList()) at(child).ifPresent(found::add);
    }
    Map<String, Found> byName = new LinkedHashMap<>();
    found.sort(Comparator.comparing((Found f) -> f.directory).thenComparing(f -> -EXTENSIONS.indexOf(f.extension())));
    for (Found f : found) byName.put(f.name, f); // the last one, a directory or the first extension, wins
    return byName.values().stream().sorted(Comparator.comparing(Found::name)).toList();
  }

  /** The function {@code srcPath} is, if it is one: a file with a function extension or a directory with a main file. */
  static Optional<Found> at(Path srcPath) {
    String filename = srcPath.getFileName().toString();
    if (filename.equals("node_modules")) return Optional.empty();
    String name = withoutExtension(filename);
    if (Files.isDirectory(srcPath, LinkOption.NOFOLLOW_LINKS)) {
      for (String ext : MAIN_FILE_EXTENSIONS) {
        for (String base : List.of(filename, "index")) {
          Path main = srcPath.resolve(base + ext);
          if (Files.isRegularFile(main)) return Optional.of(new Found(name, main, srcPath, true));
        }
      }
      return Optional.empty();
    }
    if (EXTENSIONS.contains(extension(filename))) return Optional.of(new Found(name, srcPath, srcPath, false));
    return Optional.empty();
  }

  /** Node's {@code path.extname}: from the last dot, unless that dot starts the name. */
  static String extension(String filename) {
    int dot = filename.lastIndexOf('.');
    if (dot <= 0 || filename.chars().allMatch(c -> c == '.')) return "";
    return filename.substring(dot);
  }

  private static String withoutExtension(String filename) {
    return filename.substring(0, filename.length() - extension(filename).length());
  }
}
