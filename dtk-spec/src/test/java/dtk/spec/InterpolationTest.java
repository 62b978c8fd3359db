package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
  @Test
  void referencesAreFound_withOffsets() {
    assertThat(Interpolation.references("a-${kernel.version}-${arch}"))
        .containsExactly(
            new Interpolation.Reference("kernel.version", 2),
            new Interpolation.Reference("arch", 20));
  }

  @Test
  void escapes_andForeignDollars_pass() {
    assertThat(Interpolation.references("$${x} $releasever $ {y} $")).isEmpty();
    assertThat(Interpolation.interpolate("$${x}-${arch}-$basearch", Map.of("arch", "x86_64")))
        .isEqualTo("${x}-x86_64-$basearch");
  }

  @Test
  void unknownName_andSyntax_areReportedWithOffsets() {
    assertThatThrownBy(() -> Interpolation.interpolate("ab${nope}", Map.of()))
        .isInstanceOfSatisfying(
            Interpolation.UnknownNameException.class,
            e -> assertThat(e.reference().offset()).isEqualTo(2));
    assertThatThrownBy(() -> Interpolation.references("x ${a"))
        .isInstanceOfSatisfying(
            Interpolation.SyntaxException.class, e -> assertThat(e.offset()).isEqualTo(2));
    assertThatThrownBy(() -> Interpolation.references("${a b}"))
        .isInstanceOf(Interpolation.SyntaxException.class);
  }
}
