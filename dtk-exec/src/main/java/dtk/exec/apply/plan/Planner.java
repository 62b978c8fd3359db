package dtk.exec.apply.plan;

import dtk.exec.Platform;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides, for each target, whether its remote image is missing, stale or up to date, and for each
 * index whether it must be (re)published. All registry reads happen in one {@link
 * RegistryView#inspect} round; each reference is asked for once.
 */
public final class Planner {
  /** Labels whose change is worth naming in a "stale" reason, with the words used for them. */
  private static final Map<String, String> KNOWN_LABELS =
      Map.of(
          "org.opencontainers.image.base.digest", "base image digest",
          "org.opencontainers.image.version", "version");

  private final RegistryView registry;

  public Planner(RegistryView registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** The plan for {@code targets}; with {@code force} every target and index is rebuilt. */
  public Plan plan(List<ApplyTarget> targets, boolean force) throws InterruptedException {
    checkUnique(targets);
    Set<ImageRef> images = new LinkedHashSet<>();
    Set<ImageRef> indexes = new LinkedHashSet<>();
    for (ApplyTarget t : targets) {
      images.add(t.image());
      indexes.add(t.index());
    }
    RegistryView.Snapshot snapshot =
        force ? new RegistryView.Snapshot(Map.of(), Map.of()) : registry.inspect(images, indexes);
    return decide(targets, snapshot, force);
  }

  /** The decisions alone, for a given registry snapshot (no I/O). */
  static Plan decide(List<ApplyTarget> targets, RegistryView.Snapshot snapshot, boolean force) {
    List<Step> steps = new ArrayList<>();
    Map<ImageRef, List<Step>> byIndex = new LinkedHashMap<>();
    for (ApplyTarget t : targets) {
      Step step =
          force ? new Step.Build(t, new Reason.Forced()) : targetStep(t, snapshot.image(t.image()));
      steps.add(step);
      byIndex.computeIfAbsent(t.index(), k -> new ArrayList<>()).add(step);
    }
    for (Map.Entry<ImageRef, List<Step>> e : byIndex.entrySet()) {
      steps.add(
          indexStep(
              e.getKey(),
              e.getValue(),
              force ? new RemoteIndex.Absent() : snapshot.index(e.getKey()),
              force));
    }
    return new Plan(targets, steps);
  }

  private static Step targetStep(ApplyTarget t, RemoteImage remote) {
    if (remote instanceof RemoteImage.Absent) {
      return new Step.Build(t, new Reason.Missing());
    }
    if (remote instanceof RemoteImage.Unreachable u) {
      return new Step.Blocked(t, u.message());
    }
    RemoteImage.Present p = (RemoteImage.Present) remote;
    String remoteInputs = p.labels().get(ApplyTarget.INPUTS_DIGEST_LABEL);
    if (t.inputsDigest().toString().equals(remoteInputs)
        && (p.arch() == null || Platform.sameArch(p.arch(), t.arch()))) {
      return new Step.UpToDate(t, p.digest());
    }
    return new Step.Build(t, new Reason.Stale(remoteInputs, t.inputsDigest(), changes(t, p)));
  }

  /** What the labels say changed; cheap because the labels came with the inspection. */
  static List<Reason.Change> changes(ApplyTarget t, RemoteImage.Present remote) {
    List<Reason.Change> out = new ArrayList<>();
    if (remote.arch() != null && !Platform.sameArch(remote.arch(), t.arch())) {
      out.add(new Reason.Change("platform", remote.arch(), t.arch()));
    }
    for (Map.Entry<String, String> label : t.labels().entrySet()) {
      String key = label.getKey();
      if (key.equals(ApplyTarget.INPUTS_DIGEST_LABEL)) {
        continue;
      }
      String before = remote.labels().get(key);
      if (!Objects.equals(before, label.getValue())) {
        out.add(
            new Reason.Change(
                KNOWN_LABELS.getOrDefault(key, "label " + key), before, label.getValue()));
      }
    }
    return out;
  }

  private static Step indexStep(
      ImageRef index, List<Step> memberSteps, RemoteIndex remote, boolean force) {
    List<ApplyTarget> members = memberSteps.stream().map(Planner::targetOf).toList();
    if (force) {
      return new Step.PublishIndex(index, members, new Reason.Forced());
    }
    List<String> rebuilt =
        memberSteps.stream()
            .filter(s -> !(s instanceof Step.UpToDate))
            .map(s -> targetOf(s).arch())
            .toList();
    if (!rebuilt.isEmpty()) {
      return new Step.PublishIndex(
          index,
          members,
          new Reason.IndexOutdated("platforms rebuilt: " + String.join(", ", rebuilt)));
    }
    if (remote instanceof RemoteIndex.Absent) {
      return new Step.PublishIndex(index, members, new Reason.Missing());
    }
    if (remote instanceof RemoteIndex.Unreachable u) {
      return new Step.PublishIndex(
          index, members, new Reason.IndexOutdated("index could not be read: " + u.message()));
    }
    RemoteIndex.Present present = (RemoteIndex.Present) remote;
    Map<String, Digest> expected = new TreeMap<>();
    for (Step s : memberSteps) {
      Step.UpToDate u = (Step.UpToDate) s;
      expected.put(u.target().arch(), u.digest());
    }
    if (expected.equals(present.members())) {
      return new Step.IndexUpToDate(index, present.digest(), members);
    }
    String lists =
        present.members().isEmpty()
            ? "not a multi-arch index"
            : "lists "
                + present.members().entrySet().stream()
                    .map(e -> e.getKey() + "@" + Digests.shortForm(e.getValue()))
                    .collect(Collectors.joining(", "));
    return new Step.PublishIndex(
        index,
        members,
        new Reason.IndexOutdated(
            "index does not match the current platform images (" + lists + ")"));
  }

  private static ApplyTarget targetOf(Step s) {
    if (s instanceof Step.Build b) {
      return b.target();
    }
    if (s instanceof Step.UpToDate u) {
      return u.target();
    }
    return ((Step.Blocked) s).target();
  }

  private static void checkUnique(List<ApplyTarget> targets) {
    Map<ImageRef, String> imageToId = new LinkedHashMap<>();
    Set<String> ids = new LinkedHashSet<>();
    for (ApplyTarget t : targets) {
      if (!ids.add(t.id())) {
        throw new IllegalArgumentException("two targets are named " + t.id());
      }
      String other = imageToId.putIfAbsent(t.image(), t.id());
      if (other != null) {
        throw new IllegalArgumentException(
            "targets "
                + other
                + " and "
                + t.id()
                + " would both push "
                + t.image()
                + "; give them different image tags (image.tag / image.platformTag)");
      }
    }
  }
}
