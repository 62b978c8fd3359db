package dtk.exec.apply.plan;

import static dtk.exec.testing.Fixtures.BASE_B;
import static dtk.exec.testing.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.testing.FakeRegistry;
import dtk.exec.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private final FakeRegistry registry = new FakeRegistry();
  private final Planner planner = new Planner(registry);

  private final ApplyTarget x1 = target("x86_64", "6.1.0-1");
  private final ApplyTarget a1 = target("aarch64", "6.1.0-1");
  private final ApplyTarget x2 = target("x86_64", "6.1.0-2");
  private final ApplyTarget a2 = target("aarch64", "6.1.0-2");
  private final List<ApplyTarget> all = List.of(x1, a1, x2, a2);

  @Test
  void emptyRegistry_everyTargetAndIndexIsMissing() throws Exception {
    Plan plan = planner.plan(all, false);

    assertThat(plan.builds())
        .extracting(b -> b.target().id(), b -> b.reason().kind())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(x1.id(), "missing"),
            org.assertj.core.groups.Tuple.tuple(a1.id(), "missing"),
            org.assertj.core.groups.Tuple.tuple(x2.id(), "missing"),
            org.assertj.core.groups.Tuple.tuple(a2.id(), "missing"));
    assertThat(plan.publishes())
        .extracting(p -> p.index().toString())
        .containsExactly("reg.test/org/dtk:6.1.0-1", "reg.test/org/dtk:6.1.0-2");
    assertThat(plan.publishes().get(0).members()).containsExactly(x1, a1);
    assertThat(plan.nothingToDo()).isFalse();
  }

  @Test
  void everyImageAndIndexIsInspectedOnceInOneRound() throws Exception {
    planner.plan(all, false);

    assertThat(registry.rounds).hasSize(1);
    assertThat(registry.rounds.get(0))
        .containsExactlyInAnyOrder(
            x1.image(), a1.image(), x2.image(), a2.image(), x1.index(), x2.index());
  }

  @Test
  void registryMatchingThePlan_nothingToDo() throws Exception {
    registry.putAll(all);

    Plan plan = planner.plan(all, false);

    assertThat(plan.nothingToDo()).isTrue();
    assertThat(plan.steps()).filteredOn(Step.UpToDate.class::isInstance).hasSize(4);
    assertThat(plan.steps()).filteredOn(Step.IndexUpToDate.class::isInstance).hasSize(2);
  }

  @Test
  void changedBaseDigest_onlyThatTargetIsStale_andTheReasonNamesTheBaseImage() throws Exception {
    registry.putAll(all);
    ApplyTarget x1New = target("x86_64", "6.1.0-1", "inputs-new", BASE_B);

    Plan plan = planner.plan(List.of(x1New, a1, x2, a2), false);

    assertThat(plan.builds())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.target()).isEqualTo(x1New);
              assertThat(b.reason().kind()).isEqualTo("stale");
              assertThat(b.reason().describe())
                  .contains("base image digest sha256:aaaaaaaaaaaa -> sha256:bbbbbbbbbbbb");
            });
    assertThat(plan.publishes())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.index()).isEqualTo(x1.index());
              assertThat(p.reason().describe()).isEqualTo("platforms rebuilt: x86_64");
            });
    assertThat(plan.steps())
        .filteredOn(Step.IndexUpToDate.class::isInstance)
        .extracting(s -> ((Step.IndexUpToDate) s).index())
        .containsExactly(x2.index());
  }

  @Test
  void changedUnlabelledInputs_stillStale_withBothDigests() throws Exception {
    registry.putAll(all);
    ApplyTarget changed = target("aarch64", "6.1.0-2", "inputs-other-template", Fixtures.BASE_A);

    Plan plan = planner.plan(List.of(x1, a1, x2, changed), false);

    assertThat(plan.builds())
        .singleElement()
        .satisfies(
            b ->
                assertThat(b.reason().describe())
                    .startsWith(
                        "stale: inputs digest "
                            + a2.inputsDigest().shortForm()
                            + " -> "
                            + changed.inputsDigest().shortForm()));
  }

  @Test
  void changedLabel_isNamedInTheReason() throws Exception {
    registry.putAll(all);
    var labels = new java.util.LinkedHashMap<>(x1.labels());
    labels.put("name", "dtk-renamed");
    labels.put(ApplyTarget.INPUTS_DIGEST_LABEL, Fixtures.digest("inputs-renamed").toString());
    ApplyTarget renamed =
        new ApplyTarget(
            x1.id(),
            x1.spec(),
            x1.arch(),
            x1.kernelVersion(),
            x1.image(),
            x1.index(),
            Fixtures.digest("inputs-renamed"),
            labels);

    Plan plan = planner.plan(List.of(renamed, a1, x2, a2), false);

    assertThat(plan.builds())
        .singleElement()
        .satisfies(
            b ->
                assertThat(b.reason().describe())
                    .isEqualTo("stale: label name driver-toolkit -> dtk-renamed"));
  }

  @Test
  void imageWithoutInputsLabel_isStale() throws Exception {
    registry.images.put(
        x1.image(),
        new RemoteImage.Present(Fixtures.digest("1"), "amd64", Map.of("name", "driver-toolkit")));

    Plan plan = planner.plan(List.of(x1), false);

    assertThat(plan.builds())
        .singleElement()
        .satisfies(
            b -> assertThat(b.reason().describe()).contains("has no dev.dtk.inputs.digest label"));
  }

  @Test
  void imageOfTheWrongArchitecture_isStale_evenWithTheSameInputs() throws Exception {
    // the layer-cache trap: an arm64 build that silently produced the amd64 image
    registry.images.put(
        a1.image(), new RemoteImage.Present(Fixtures.digest("1"), "amd64", a1.labels()));

    Plan plan = planner.plan(List.of(a1), false);

    assertThat(plan.builds())
        .singleElement()
        .satisfies(b -> assertThat(b.reason().describe()).contains("platform amd64 -> aarch64"));
  }

  @Test
  void indexNotListingTheCurrentImages_isRepublishedWithoutRebuilding() throws Exception {
    registry.putAll(all);
    registry.indexes.put(
        x1.index(),
        new RemoteIndex.Present(
            Fixtures.digest("old"), Map.of("x86_64", Fixtures.digest("older"))));

    Plan plan = planner.plan(all, false);

    assertThat(plan.builds()).isEmpty();
    assertThat(plan.publishes())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.index()).isEqualTo(x1.index());
              assertThat(p.reason().describe())
                  .contains("does not match the current platform images");
            });
  }

  @Test
  void force_rebuildsEverything_withoutAskingTheRegistry() throws Exception {
    registry.putAll(all);

    Plan plan = planner.plan(all, true);

    assertThat(plan.builds())
        .hasSize(4)
        .allSatisfy(b -> assertThat(b.reason().kind()).isEqualTo("forced"));
    assertThat(plan.publishes()).hasSize(2);
    assertThat(registry.rounds).isEmpty();
  }

  @Test
  void unreachableRegistry_blocksTheTarget_insteadOfGuessing() throws Exception {
    registry.images.put(x1.image(), new RemoteImage.Unreachable("connection refused"));

    Plan plan = planner.plan(List.of(x1), false);

    assertThat(plan.steps().get(0))
        .isInstanceOfSatisfying(
            Step.Blocked.class, b -> assertThat(b.message()).isEqualTo("connection refused"));
  }

  @Test
  void twoTargetsPushingTheSameTag_areRejected() {
    ApplyTarget clash =
        new ApplyTarget(
            "other/x86_64/6.1.0-1",
            "other",
            "x86_64",
            "6.1.0-1",
            x1.image(),
            x1.index(),
            Fixtures.digest("i"),
            Map.of());

    assertThatThrownBy(() -> planner.plan(List.of(x1, clash), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would both push reg.test/org/dtk:6.1.0-1.x86_64");
  }
}
