package dev.understudy.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "save",
    description = "Save the supervised set (which apps run, which are stopped), as 'pm2 save' does; the daemon restores it at start.")
final class SaveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> r = Json.object(Faces.ok(err, Faces.requireDaemon(err).post("/api/apps/save")));
    out.println("saved " + r.get("apps") + " app(s) to " + r.get("file"));
    out.flush();
    return Main.OK;
  }
}
