package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate, plan and --help never load the Kubernetes client (DESIGN.md: heavy clients load only
 * when used): each runs in a fresh JVM with class loading logged, and no io.fabric8 or dtk.k8s
 * class may appear. apply --executor kubernetes --emit-manifests, which uses it, must load it.
 */
class KubernetesNotLoadedTest {
  @TempDir Path tmp;

  private List<String> loaded(String... args) throws IOException, InterruptedException {
    Path log = tmp.resolve("classes-" + System.nanoTime() + ".txt");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log,
                "-cp",
                System.getProperty("java.class.path"),
                "dtk.cli.Dtk"));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return Files.readAllLines(log, StandardCharsets.UTF_8);
  }

  private static List<String> kubernetes(List<String> classes) {
    return classes.stream()
        .filter(l -> l.contains(" io.fabric8.") || l.contains(" dtk.k8s."))
        .toList();
  }

  @Test
  void validatePlanAndHelp_loadNoKubernetesClass() throws Exception {
    List<String> validate = loaded("validate", "../specs");
    assertThat(validate).anySatisfy(l -> assertThat(l).contains("dtk.spec.SpecLoader"));
    assertThat(kubernetes(validate)).isEmpty();
    assertThat(
            kubernetes(
                loaded(
                    "plan",
                    "--offline",
                    "--kernel-version",
                    "6.8.5-301.fc40",
                    "../specs/fedora.yaml")))
        .isEmpty();
    assertThat(kubernetes(loaded("apply", "--help"))).isEmpty();
  }
}
