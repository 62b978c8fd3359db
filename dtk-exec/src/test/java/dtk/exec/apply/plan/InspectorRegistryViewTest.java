package dtk.exec.apply.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.Platform;
import dtk.exec.registry.ImageInfo;
import dtk.exec.registry.ImageInspector;
import dtk.exec.registry.ImageNotFoundException;
import dtk.exec.registry.PlatformImage;
import dtk.exec.registry.RegistryException;
import dtk.spec.ImageRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InspectorRegistryViewTest {
  private final List<ImageRef> asked = Collections.synchronizedList(new ArrayList<>());

  private final ImageInspector inspector =
      new ImageInspector() {
        @Override
        public CompletableFuture<ImageInfo> inspectAsync(ImageRef ref) {
          asked.add(ref);
          return switch (ref.tag()) {
            case "1.x86_64" ->
                CompletableFuture.completedFuture(
                    new ImageInfo(
                        ref,
                        "sha256:x",
                        false,
                        List.of(
                            new PlatformImage(
                                Platform.X86_64,
                                "sha256:x",
                                Map.of("dev.dtk.inputs.digest", "sha256:i"),
                                null))));
            case "1" ->
                CompletableFuture.completedFuture(
                    new ImageInfo(
                        ref,
                        "sha256:list",
                        true,
                        List.of(
                            new PlatformImage(Platform.X86_64, "sha256:x", Map.of(), null),
                            new PlatformImage(Platform.AARCH64, "sha256:a", Map.of(), null))));
            case "2.x86_64" ->
                CompletableFuture.failedFuture(
                    new ImageNotFoundException("no such tag", "reg.test", null));
            default ->
                CompletableFuture.failedFuture(
                    new RegistryException(
                        "cannot reach registry reg.test",
                        "reg.test",
                        "check that the registry is running"));
          };
        }

        @Override
        public Map<ImageRef, Integer> fetchCounts() {
          return Map.of();
        }
      };

  @Test
  void answersAreMappedToPresentAbsentAndUnreachable_eachReferenceAskedOnce() throws Exception {
    RegistryView.Snapshot s =
        new InspectorRegistryView(inspector)
            .inspect(
                Set.of("reg.test/o/d:1.x86_64", "reg.test/o/d:2.x86_64", "reg.test/o/d:3.x86_64"),
                Set.of("reg.test/o/d:1"));

    assertThat(s.image("reg.test/o/d:1.x86_64"))
        .isEqualTo(
            new RemoteImage.Present(
                "sha256:x", "x86_64", Map.of("dev.dtk.inputs.digest", "sha256:i")));
    assertThat(s.image("reg.test/o/d:2.x86_64")).isInstanceOf(RemoteImage.Absent.class);
    assertThat(s.image("reg.test/o/d:3.x86_64"))
        .isInstanceOfSatisfying(
            RemoteImage.Unreachable.class,
            u ->
                assertThat(u.message())
                    .isEqualTo(
                        "cannot reach registry reg.test (check that the registry is running)"));
    assertThat(s.index("reg.test/o/d:1"))
        .isEqualTo(
            new RemoteIndex.Present(
                "sha256:list", Map.of("x86_64", "sha256:x", "aarch64", "sha256:a")));
    assertThat(asked).hasSize(4).doesNotHaveDuplicates();
  }
}
