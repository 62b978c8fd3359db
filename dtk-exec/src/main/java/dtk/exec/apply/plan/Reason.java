package dtk.exec.apply.plan;

import dtk.spec.Digest;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Why a target or an index is (re)built. */
public sealed interface Reason {

  /** One line for the plan and the summary. */
  String describe();

  /** A short keyword for tables and JSON: {@code missing}, {@code stale}, {@code forced}. */
  String kind();

  /** Nothing at the reference. */
  record Missing() implements Reason {
    @Override
    public String describe() {
      return "missing";
    }

    @Override
    public String kind() {
      return "missing";
    }
  }

  /**
   * The remote image's inputs digest differs from the plan's. {@code changes} says what changed
   * when the labels tell (kernel, base image digest, a label); it may be empty when only unlabelled
   * inputs (the rendered Containerfile, a repo file) changed.
   */
  record Stale(String remoteDigest, Digest plannedDigest, List<Change> changes) implements Reason {
    public Stale {
      changes = List.copyOf(changes);
    }

    @Override
    public String describe() {
      if (remoteDigest == null) {
        return "stale: the remote image has no " + ApplyTarget.INPUTS_DIGEST_LABEL + " label";
      }
      if (changes.isEmpty()) {
        return "stale: inputs digest "
            + Digests.shortForm(remoteDigest)
            + " -> "
            + Digests.shortForm(plannedDigest.toString())
            + " (rendered files or build arguments changed)";
      }
      return "stale: " + changes.stream().map(Change::describe).collect(Collectors.joining(", "));
    }

    @Override
    public String kind() {
      return "stale";
    }
  }

  /** {@code --force}. */
  record Forced() implements Reason {
    @Override
    public String describe() {
      return "forced";
    }

    @Override
    public String kind() {
      return "forced";
    }
  }

  /**
   * An index whose platforms are rebuilt, or that does not list the current per-platform images.
   */
  record IndexOutdated(String detail) implements Reason {
    public IndexOutdated {
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String describe() {
      return detail;
    }

    @Override
    public String kind() {
      return "stale";
    }
  }

  /** One labelled input that differs between the remote image and the plan. */
  record Change(String what, String from, String to) {
    public String describe() {
      return what
          + " "
          + (from == null ? "(none)" : Digests.shortForm(from))
          + " -> "
          + (to == null ? "(none)" : Digests.shortForm(to));
    }
  }
}
