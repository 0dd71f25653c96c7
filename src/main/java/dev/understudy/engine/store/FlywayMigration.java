package dev.understudy.engine.store;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.sql.DataSource;

/**
 * Runs Flyway's migrate in a class loader of its own, dropped afterwards, so Flyway's classes
 * (about 330) are unloaded at the next full GC instead of staying in the daemon's metaspace for
 * its whole life: they are needed once, when a store is made or upgraded. Only this class and
 * {@code org.flywaydb.*} are loaded there; everything else (JDBC, SLF4J, Jackson) comes from the
 * application's loader.
 */
public final class FlywayMigration implements BiConsumer<DataSource, String[]> {
  @Override
  public void accept(DataSource ds, String[] locations) {
    org.flywaydb.core.Flyway.configure(FlywayMigration.class.getClassLoader())
        .dataSource(ds)
        .locations(locations)
        .loggers("slf4j")
        .load()
        .migrate();
  }

  /** Migrates {@code ds} from {@code locations} through a throwaway loader; after it, one full GC unloads Flyway. */
  static void run(DataSource ds, String... locations) {
    List<URL> jars = jarsOf(FlywayMigration.class.getClassLoader());
    if (jars.isEmpty()) { // not from jars (an IDE's class folders): run it here
      new FlywayMigration().accept(ds, locations);
      return;
    }
    isolated(jars, ds, locations);
    // Here, not in isolated(): a frame's local variables keep the loader reachable until it returns.
    System.gc(); // the serial collector unloads classes in full collections only
  }

  @SuppressWarnings("unchecked")
  private static void isolated(List<URL> jars, DataSource ds, String[] locations) {
    ClassLoader app = FlywayMigration.class.getClassLoader();
    Thread self = Thread.currentThread();
    ClassLoader context = self.getContextClassLoader();
    try (Isolated loader = new Isolated(jars.toArray(URL[]::new), app)) {
      self.setContextClassLoader(loader);
      Class<?> c = loader.loadClass(FlywayMigration.class.getName());
      ((BiConsumer<DataSource, String[]>) c.getDeclaredConstructor().newInstance()).accept(ds, locations);
    } catch (ReflectiveOperationException | IOException e) {
      throw new IllegalStateException("cannot run Flyway: " + e, e);
    } finally {
      self.setContextClassLoader(context);
      // Flyway reads its configuration through Jackson, whose shared type cache would keep its classes
      com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance().clearCache();
    }
  }

  /** The jars that hold this class and Flyway (core and its database plugins). */
  private static List<URL> jarsOf(ClassLoader app) {
    Set<URL> out = new LinkedHashSet<>();
    CodeSource own = FlywayMigration.class.getProtectionDomain().getCodeSource();
    if (own == null || !own.getLocation().getPath().endsWith(".jar")) return List.of();
    out.add(own.getLocation());
    try {
      Enumeration<URL> plugins = app.getResources("META-INF/services/org.flywaydb.core.extensibility.Plugin");
      while (plugins.hasMoreElements()) {
        String u = plugins.nextElement().toString();
        if (!u.startsWith("jar:") || !u.contains("!/")) continue;
        out.add(Path.of(new URL(u.substring(4, u.indexOf("!/"))).toURI()).toUri().toURL());
      }
    } catch (IOException | URISyntaxException e) {
      return List.of();
    }
    return new ArrayList<>(out);
  }

  /** Child-first for Flyway and this class, parent-first for everything else. */
  private static final class Isolated extends URLClassLoader {
    Isolated(URL[] urls, ClassLoader parent) {
      super("understudy-flyway", urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("org.flywaydb.") && !name.equals(FlywayMigration.class.getName())) return super.loadClass(name, resolve);
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) c = findClass(name);
        if (resolve) resolveClass(c);
        return c;
      }
    }
  }
}
