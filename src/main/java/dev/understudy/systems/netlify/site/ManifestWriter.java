package dev.understudy.systems.netlify.site;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.understudy.systems.netlify.NetlifyFunction;
import dev.understudy.systems.netlify.NetlifyFunction.ApiVersion;
import dev.understudy.systems.netlify.NetlifyFunction.InvocationMode;
import dev.understudy.systems.netlify.Route;
import dev.understudy.systems.netlify.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a site's functions as Netlify's functions manifest (zip-it-and-ship-it's
 * {@code manifest.ts}, version 1): per function {@code name}, {@code mainFile}, {@code runtime},
 * {@code runtimeVersion}, {@code schedule}, {@code invocationMode}, {@code routes},
 * {@code excludedRoutes}, {@code displayName}, {@code generator}, {@code bundler}, {@code buildData}
 * and the rest, in Netlify's key order; then {@code system}, {@code timestamp} and {@code version}.
 * {@code path}, the archive in Netlify's manifest, is the function's source here: Understudy zips
 * nothing.
 *
 * <p>The default place is {@code .netlify/understudy/manifest.json}, not Netlify's
 * {@code .netlify/functions/manifest.json}: {@code netlify deploy} takes a manifest there as
 * functions already built and would upload the archives it names.
 */
public final class ManifestWriter {
  public static final String DEFAULT_PATH = ".netlify/understudy/manifest.json";
  static final int MANIFEST_VERSION = 1;
  /** zisi's {@code Priority.UserFunction}. */
  private static final int USER_FUNCTION_PRIORITY = 10;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestWriter() {}

  public static Path defaultPath(Path projectDir) {
    return projectDir.resolve(DEFAULT_PATH);
  }

  /** Writes the manifest of {@code site} to {@code out} (atomically, creating its directory) and returns it. */
  public static Path write(Site site, Path out, Instant now) throws IOException {
    Path target = out.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".manifest", ".tmp");
    try {
      Files.write(tmp, JSON.writeValueAsBytes(manifest(site, now)));
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }

  /** The manifest as ordered maps and lists, ready for any JSON writer. */
  public static Map<String, Object> manifest(Site site, Instant now) {
    List<Map<String, Object>> functions = new ArrayList<>();
    site.functions().stream().sorted(Comparator.comparing(NetlifyFunction::name)).forEach(f -> functions.add(function(f)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("functions", functions);
    m.put("system", Map.of("arch", arch(), "platform", platform()));
    m.put("timestamp", now.toEpochMilli());
    m.put("version", MANIFEST_VERSION);
    return m;
  }

  private static Map<String, Object> function(NetlifyFunction f) {
    NetlifyFunction.Details d = f.details();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bundler", d.bundler());
    put(m, "displayName", d.displayName());
    put(m, "generator", d.generator());
    put(m, "timeout", d.timeout().map(ManifestWriter::number));
    if (f.invocationMode() != InvocationMode.BUFFER) m.put("invocationMode", f.invocationMode().manifestName());
    m.put("buildData", Map.of("runtimeAPIVersion", f.apiVersion() == ApiVersion.V2 ? 2 : 1));
    m.put("mainFile", f.mainFile().toAbsolutePath().toString());
    put(m, "memory", d.memory());
    m.put("name", f.name());
    m.put("priority", USER_FUNCTION_PRIORITY);
    put(m, "region", d.region());
    put(m, "trafficRules", d.trafficRules());
    put(m, "runtimeVersion", d.runtimeVersion());
    m.put("path", f.srcPath().toAbsolutePath().toString());
    m.put("runtime", "js");
    put(m, "schedule", f.schedule());
    put(m, "vcpu", d.vcpu().map(ManifestWriter::number));
    if (!d.eventSubscriptions().isEmpty()) m.put("eventSubscriptions", d.eventSubscriptions());
    if (!f.routes().isEmpty()) m.put("routes", f.routes().stream().map(r -> route(r, true)).toList());
    if (!f.excludedRoutes().isEmpty()) m.put("excludedRoutes", f.excludedRoutes().stream().map(r -> route(r, false)).toList());
    return m;
  }

  private static Map<String, Object> route(Route r, boolean withMethods) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pattern", r.pattern());
    r.literal().ifPresent(l -> m.put("literal", l));
    r.expression().ifPresent(e -> m.put("expression", e));
    if (withMethods) m.put("methods", r.methods());
    if (withMethods && r.preferStatic()) m.put("prefer_static", true);
    return m;
  }

  private static void put(Map<String, Object> m, String key, Optional<?> value) {
    value.ifPresent(v -> m.put(key, v));
  }

  /** A whole number as JavaScript prints it: 30, not 30.0. */
  static Object number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
  }

  /** Node's {@code process.arch}. */
  static String arch() {
    String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return switch (a) {
      case "amd64", "x86_64" -> "x64";
      case "aarch64" -> "arm64";
      case "x86", "i386", "i686" -> "ia32";
      default -> a;
    };
  }

  /** Node's {@code process.platform}. */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.startsWith("linux")) return "linux";
    if (os.startsWith("mac") || os.startsWith("darwin")) return "darwin";
    if (os.startsWith("windows")) return "win32";
    if (os.contains("freebsd")) return "freebsd";
    return os;
  }
}
