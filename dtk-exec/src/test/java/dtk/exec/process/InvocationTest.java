package dtk.exec.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvocationTest {
  @Test
  void commandLineQuotesOnlyWhatAShellWouldSplit() {
    assertThat(
            Invocation.of("podman", "build", "--label", "a=b c", "--format", "{{.Id}}", "it's")
                .commandLine())
        .isEqualTo("podman build --label 'a=b c' --format '{{.Id}}' 'it'\\''s'");
  }

  @Test
  void emptyArgvIsRejected() {
    assertThatThrownBy(() -> Invocation.of(java.util.List.of()))
        .hasMessageContaining("argv is empty");
  }

  @Test
  void withersKeepTheOtherFields() {
    Invocation i =
        Invocation.of("git", "log")
            .withEnv(Map.of("A", "1"))
            .withTimeout(Duration.ofSeconds(5))
            .withEnv(Map.of("B", "2"));
    assertThat(i.env()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
    assertThat(i.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void resultTailPrefersStderr() {
    ProcessResult r = new ProcessResult(1, "o1\no2\n", "e1\ne2\ne3\n", Duration.ZERO);
    assertThat(r.tail(2)).isEqualTo("e2\ne3");
    assertThat(new ProcessResult(1, "o1\no2\n", "", Duration.ZERO).tail(5)).isEqualTo("o1\no2");
  }
}
