package dtk.exec.engine.internal;

import dtk.exec.engine.EngineInfo;
import dtk.exec.process.Invocation;
import dtk.exec.process.ProcessRunner;
import dtk.exec.process.ToolVersion;
import java.util.List;
import java.util.Map;

/**
 * podman: {@code --unsetlabel} from 4.8 (vendoring buildah 1.33); before that the buildah fallback.
 */
public final class PodmanEngine extends PodmanFamilyEngine {
  public PodmanEngine(ProcessRunner runner) {
    this(runner, System.getenv());
  }

  public PodmanEngine(ProcessRunner runner, Map<String, String> env) {
    super(runner, env);
  }

  @Override
  protected String binary() {
    return "podman";
  }

  @Override
  protected List<String> buildCommand() {
    return List.of("podman", "build");
  }

  @Override
  protected EngineInfo detect() throws InterruptedException {
    String out =
        exec(
                Invocation.of("podman", "version", "--format", "{{.Client.Version}}"),
                "check that podman works: podman version")
            .stdout()
            .trim();
    return capabilities(parse("podman", out));
  }

  static EngineInfo capabilities(ToolVersion v) {
    return new EngineInfo(
        "podman",
        v,
        v.atLeast(4, 8, 0)
            ? EngineInfo.LabelRemoval.UNSETLABEL_FLAG
            : EngineInfo.LabelRemoval.BUILDAH_COMMIT,
        v.atLeast(4, 0, 0),
        true);
  }

  static ToolVersion parse(String tool, String out) {
    try {
      return ToolVersion.parse(out);
    } catch (IllegalArgumentException e) {
      throw new dtk.exec.ExecException(
          "cannot read the " + tool + " version from '" + out.strip() + "'",
          "check that '" + tool + " version' works",
          e);
    }
  }
}
