package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueCheckTest {
  @Test
  void aBrokenRule_isWordedWhatValueWhy_withTheValueEscaped() {
    assertThat(ValueCheck.VARIANT_NAME.problem("rt")).isNull();
    assertThat(ValueCheck.VARIANT_NAME.problem("r\tt"))
        .isEqualTo("kernel variant name 'r\\tt' " + ValueRules.variantName("r\tt"));
    assertThat(ValueCheck.USER_NAME.problem("x; id"))
        .startsWith("user name 'x; id' is not a valid user name");
    assertThat(ValueCheck.BUILD_ARG_NAME.why("KERNEL_VERSION")).contains("dtk sets KERNEL_VERSION");
    assertThat(ValueCheck.variantRepositories("rt", "dnf", 3)).isNull();
    assertThat(ValueCheck.variantRepositories("rt", "apt", 2)).startsWith("kernel variant 'rt' ");
  }
}
