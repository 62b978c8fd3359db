package dtk.exec.resolve.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpmVersionTest {
  /** The cases of rpm's own tests/rpmvercmp.at (RPMVERCMP(a, b, result)), as data. */
  @ParameterizedTest(name = "rpmvercmp({0}, {1}) = {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      1.0 | 1.0 | 0
      1.0 | 2.0 | -1
      2.0 | 1.0 | 1
      2.0.1 | 2.0.1 | 0
      2.0 | 2.0.1 | -1
      2.0.1 | 2.0 | 1
      2.0.1a | 2.0.1a | 0
      2.0.1a | 2.0.1 | 1
      2.0.1 | 2.0.1a | -1
      5.5p1 | 5.5p1 | 0
      5.5p1 | 5.5p2 | -1
      5.5p2 | 5.5p1 | 1
      5.5p10 | 5.5p10 | 0
      5.5p1 | 5.5p10 | -1
      5.5p10 | 5.5p1 | 1
      10xyz | 10.1xyz | -1
      10.1xyz | 10xyz | 1
      xyz10 | xyz10 | 0
      xyz10 | xyz10.1 | -1
      xyz10.1 | xyz10 | 1
      xyz.4 | xyz.4 | 0
      xyz.4 | 8 | -1
      8 | xyz.4 | 1
      xyz.4 | 2 | -1
      2 | xyz.4 | 1
      5.5p2 | 5.6p1 | -1
      5.6p1 | 5.5p2 | 1
      5.6p1 | 6.5p1 | -1
      6.5p1 | 5.6p1 | 1
      6.0.rc1 | 6.0 | 1
      6.0 | 6.0.rc1 | -1
      10b2 | 10a1 | 1
      10a2 | 10b2 | -1
      1.0aa | 1.0aa | 0
      1.0a | 1.0aa | -1
      1.0aa | 1.0a | 1
      10.0001 | 10.0001 | 0
      10.0001 | 10.1 | 0
      10.1 | 10.0001 | 0
      10.0001 | 10.0039 | -1
      10.0039 | 10.0001 | 1
      4.999.9 | 5.0 | -1
      5.0 | 4.999.9 | 1
      20101121 | 20101121 | 0
      20101121 | 20101122 | -1
      20101122 | 20101121 | 1
      2_0 | 2_0 | 0
      2.0 | 2_0 | 0
      2_0 | 2.0 | 0
      a | a | 0
      a+ | a+ | 0
      a+ | a_ | 0
      a_ | a+ | 0
      +a | +a | 0
      +a | _a | 0
      _a | +a | 0
      +_ | +_ | 0
      _+ | +_ | 0
      _+ | _+ | 0
      + | _ | 0
      _ | + | 0
      1.0~rc1 | 1.0~rc1 | 0
      1.0~rc1 | 1.0 | -1
      1.0 | 1.0~rc1 | 1
      1.0~rc1 | 1.0~rc2 | -1
      1.0~rc2 | 1.0~rc1 | 1
      1.0~rc1~git123 | 1.0~rc1~git123 | 0
      1.0~rc1~git123 | 1.0~rc1 | -1
      1.0~rc1 | 1.0~rc1~git123 | 1
      1.0^ | 1.0^ | 0
      1.0^ | 1.0 | 1
      1.0 | 1.0^ | -1
      1.0^git1 | 1.0^git1 | 0
      1.0^git1 | 1.0 | 1
      1.0 | 1.0^git1 | -1
      1.0^git1 | 1.0^git2 | -1
      1.0^git2 | 1.0^git1 | 1
      1.0^git1 | 1.01 | -1
      1.01 | 1.0^git1 | 1
      1.0^20160101 | 1.0^20160101 | 0
      1.0^20160101 | 1.0.1 | -1
      1.0.1 | 1.0^20160101 | 1
      1.0^20160101^git1 | 1.0^20160101^git1 | 0
      1.0^20160102 | 1.0^20160101^git1 | 1
      1.0^20160101^git1 | 1.0^20160102 | -1
      1.0~rc1^git1 | 1.0~rc1^git1 | 0
      1.0~rc1^git1 | 1.0~rc1 | 1
      1.0~rc1 | 1.0~rc1^git1 | -1
      1.0^git1~pre | 1.0^git1~pre | 0
      1.0^git1 | 1.0^git1~pre | 1
      1.0^git1~pre | 1.0^git1 | -1
      """)
  void rpmsOwnCases(String a, String b, int expected) {
    assertThat(RpmVersion.vercmp(a, b)).isEqualTo(expected);
  }

  /** Kernel releases whose order trips a string sort, checked against rpm 4.18 by hand. */
  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      5.14.0-70.22.1.el9_0 | 5.14.0-503.el9
      5.14.0-503.el9 | 5.14.0-503.11.1.el9_5
      5.14.0-503.11.1.el9_5 | 5.14.0-611.el9
      6.11.9-0.rc1.fc41 | 6.11.10-300.fc41
      6.12.0~rc7-1.fc41 | 6.12.0-1.fc41
      5.14.0-611.el9 | 1:4.18.0-1.el8
      """)
  void kernelReleases(String older, String newer) {
    assertThat(RpmVersion.parse(older)).isLessThan(RpmVersion.parse(newer));
    assertThat(RpmVersion.parse(newer)).isGreaterThan(RpmVersion.parse(older));
  }

  @Test
  void parseSplitsEpochVersionRelease() {
    RpmVersion v = RpmVersion.parse("2:5.14.0-503.11.1.el9_5");
    assertThat(v).isEqualTo(new RpmVersion(2, "5.14.0", "503.11.1.el9_5"));
    assertThat(v.versionRelease()).isEqualTo("5.14.0-503.11.1.el9_5");
    assertThat(v).hasToString("2:5.14.0-503.11.1.el9_5");
    assertThat(RpmVersion.of(null, "6.1", "1")).isEqualTo(new RpmVersion(0, "6.1", "1"));
    assertThatThrownBy(() -> RpmVersion.parse("x:1-1")).hasMessageContaining("bad epoch 'x'");
  }

  @Test
  void sortsAListLikeRpm() {
    List<RpmVersion> l = new ArrayList<>();
    for (String s :
        List.of(
            "5.14.0-611.el9", "5.14.0-70.22.1.el9_0", "5.14.0-503.11.1.el9_5", "5.14.0-503.el9")) {
      l.add(RpmVersion.parse(s));
    }
    Collections.sort(l);
    assertThat(l)
        .extracting(RpmVersion::toString)
        .containsExactly(
            "5.14.0-70.22.1.el9_0", "5.14.0-503.el9", "5.14.0-503.11.1.el9_5", "5.14.0-611.el9");
  }
}
