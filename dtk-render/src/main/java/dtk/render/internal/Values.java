package dtk.render.internal;

import dtk.render.Target;
import dtk.spec.Diagnostic;
import dtk.spec.DiagnosticCode;
import dtk.spec.Interpolation;
import dtk.spec.model.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ${...}} values of one target, and interpolation that reports where a value is missing.
 */
public final class Values {
  private final Spec spec;
  private final Map<String, String> values;

  public Values(
      Spec spec, String arch, String kernelVersion, Map<String, String> facts, String vcsRef) {
    this.spec = spec;
    Map<String, String> v = new LinkedHashMap<>();
    v.put("kernel.version", kernelVersion);
    v.put("arch", arch);
    v.put("metadata.name", spec.name());
    if (vcsRef != null) {
      v.put("vcs.ref", vcsRef);
    }
    facts.forEach((k, x) -> v.put("facts." + k, x));
    this.values = v;
  }

  public static Values of(Target t) {
    return new Values(t.spec(), t.arch(), t.kernelVersion(), t.facts(), t.vcsRef());
  }

  /** The value map, for interpolations that substitute some names differently. */
  public Map<String, String> map() {
    return values;
  }

  /**
   * {@code text} interpolated; a problem is added to {@code sink} (located at {@code pointer}) and
   * {@code null} returned.
   */
  public String interpolate(String text, String pointer, List<Diagnostic> sink) {
    return interpolate(text, values, pointer, sink);
  }

  public String interpolate(
      String text, Map<String, String> with, String pointer, List<Diagnostic> sink) {
    try {
      return Interpolation.interpolate(text, with);
    } catch (Interpolation.UnknownNameException e) {
      String name = e.reference().name();
      String hint =
          name.equals("vcs.ref")
              ? "pass --vcs-ref REF (the commit to record; "
                  + "apply, build and online plan read it from git when the spec directory is a git checkout)"
              : name.startsWith("facts.")
                  ? "declare the fact under facts: and pin it with --fact "
                      + name.substring("facts.".length())
                      + "=VALUE"
                  : "use one of ${kernel.version}, ${arch}, ${metadata.name}, ${vcs.ref}, ${facts.NAME}";
      sink.add(
          Diagnostic.error(
              DiagnosticCode.RENDER_UNRESOLVED,
              spec.source().locate(pointer),
              "'${" + name + "}' has no value for this target",
              hint));
      return null;
    } catch (Interpolation.SyntaxException e) {
      sink.add(
          Diagnostic.error(
              DiagnosticCode.RENDER_INTERPOLATION, spec.source().locate(pointer), e.getMessage()));
      return null;
    }
  }
}
