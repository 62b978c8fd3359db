package dtk.exec.apply.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.Platform;
import dtk.exec.registry.ImageInfo;
import dtk.exec.registry.ImageInspector;
import dtk.exec.registry.ImageNotFoundException;
import dtk.exec.registry.PlatformImage;
import dtk.exec.registry.RegistryException;
import dtk.exec.testing.Fixtures;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InspectorRegistryViewTest {
  private static final Digest X = Fixtures.digest("x");
  private static final Digest A = Fixtures.digest("a");
  private static final Digest LIST = Fixtures.digest("list");
  private static final ImageRef X1 = ImageRef.parse("reg.test/o/d:1.x86_64");
  private static final ImageRef X2 = ImageRef.parse("reg.test/o/d:2.x86_64");
  private static final ImageRef X3 = ImageRef.parse("reg.test/o/d:3.x86_64");
  private static final ImageRef INDEX = ImageRef.parse("reg.test/o/d:1");
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
                        X,
                        false,
                        List.of(
                            new PlatformImage(
                                Platform.X86_64,
                                X,
                                Map.of("dev.dtk.inputs.digest", "sha256:i"),
                                null))));
            case "1" ->
                CompletableFuture.completedFuture(
                    new ImageInfo(
                        ref,
                        LIST,
                        true,
                        List.of(
                            new PlatformImage(Platform.X86_64, X, Map.of(), null),
                            new PlatformImage(Platform.AARCH64, A, Map.of(), null))));
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
        new InspectorRegistryView(inspector).inspect(Set.of(X1, X2, X3), Set.of(INDEX));

    assertThat(s.image(X1))
        .isEqualTo(
            new RemoteImage.Present(X, "x86_64", Map.of("dev.dtk.inputs.digest", "sha256:i")));
    assertThat(s.image(X2)).isInstanceOf(RemoteImage.Absent.class);
    assertThat(s.image(X3))
        .isInstanceOfSatisfying(
            RemoteImage.Unreachable.class,
            u ->
                assertThat(u.message())
                    .isEqualTo(
                        "cannot reach registry reg.test (check that the registry is running)"));
    assertThat(s.index(INDEX))
        .isEqualTo(new RemoteIndex.Present(LIST, Map.of("x86_64", X, "aarch64", A)));
    assertThat(asked).hasSize(4).doesNotHaveDuplicates();
  }
}
