package dtk.exec.engine.internal;

import dtk.exec.engine.EngineInfo;
import dtk.exec.process.Invocation;
import dtk.exec.process.ProcessRunner;
import dtk.exec.process.ToolVersion;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** buildah: {@code --unsetlabel} from 1.33; before that {@code config --label KEY-} + commit. */
public final class BuildahEngine extends PodmanFamilyEngine {
  private static final Pattern JSON_VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

  public BuildahEngine(ProcessRunner runner) {
    this(runner, System.getenv());
  }

  public BuildahEngine(ProcessRunner runner, Map<String, String> env) {
    super(runner, env);
  }

  @Override
  protected String binary() {
    return "buildah";
  }

  @Override
  protected List<String> buildCommand() {
    return List.of("buildah", "build", "--layers");
  }

  @Override
  protected EngineInfo detect() throws InterruptedException {
    String hint = "check that buildah works: buildah --version";
    String out;
    try {
      out = exec(Invocation.of("buildah", "version", "--json"), hint).stdout();
      Matcher m = JSON_VERSION.matcher(out);
      if (m.find()) {
        return capabilities(PodmanEngine.parse("buildah", m.group(1)));
      }
    } catch (dtk.exec.process.ToolFailedException e) {
      if (e.exitCode() < 0) {
        throw e; // not installed: the fallback would fail the same way
      }
      // old buildah without --json: fall through to --version
    }
    out = exec(Invocation.of("buildah", "--version"), hint).stdout();
    return capabilities(PodmanEngine.parse("buildah", out));
  }

  static EngineInfo capabilities(ToolVersion v) {
    return new EngineInfo(
        "buildah",
        v,
        v.atLeast(1, 33, 0)
            ? EngineInfo.LabelRemoval.UNSETLABEL_FLAG
            : EngineInfo.LabelRemoval.BUILDAH_COMMIT,
        v.atLeast(1, 24, 0),
        true);
  }
}
