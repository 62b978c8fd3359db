package dtk.exec.resolve.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebVersionTest {
  /**
   * The comparison table of dpkg's own scripts/t/Dpkg_Version.t (__DATA__: a b result), as data.
   */
  @ParameterizedTest(name = "{0} cmp {1} = {2}")
  @CsvSource(
      delimiter = ' ',
      textBlock =
          """
      1.0-1 2.0-2 -1
      2.2~rc-4 2.2-1 -1
      2.2-1 2.2~rc-4 1
      1.0000-1 1.0-1 0
      1 0:1 0
      0 0:0-0 0
      2:2.5 1:7.5 1
      1:0foo 0foo 1
      0:0foo 0foo 0
      0foo 0foo 0
      0foo- 0foo 0
      0foo- 0foo-0 0
      0foo 0fo 1
      0foo- 0foo+ -1
      0foo~1 0foo -1
      0foo~foo+Bar 0foo~foo+bar -1
      0foo~~ 0foo~ -1
      1~ 1 -1
      12345+that-really-is-some-ver-0 12345+that-really-is-some-ver-10 -1
      0foo-0 0foo-01 -1
      0foo.bar 0foobar 1
      0foo.bar 0foo1bar 1
      0foo.bar 0foo0bar 1
      0foo1bar-1 0foobar-1 -1
      0foo2.0 0foo2 1
      0foo2.0.0 0foo2.10.0 -1
      0foo2.0 0foo2.0.0 -1
      0foo2.0 0foo2.10 -1
      0foo2.1 0foo2.10 -1
      1.09 1.9 0
      1.0.8+nmu1 1.0.8 1
      3.11 3.10+nmu1 1
      0.9j-20080306-4 0.9i-20070324-2 1
      1.2.0~b7-1 1.2.0~b6-1 1
      1.011-1 1.06-2 1
      0.0.9+dfsg1-1 0.0.8+dfsg1-3 1
      4.6.99+svn6582-1 4.6.99+svn6496-1 1
      53 52 1
      0.9.9~pre122-1 0.9.9~pre111-1 1
      2:2.3.2-2+lenny2 2:2.3.2-2 1
      1:3.8.1-1 3.8.GA-1 1
      1.0.1+gpl-1 1.0.1-2 1
      1a 1000a -1
      -0.6.5 0.9.1 -1
      """)
  void dpkgsOwnTable(String a, String b, int expected) {
    assertThat(Integer.signum(DebVersion.parse(a).compareTo(DebVersion.parse(b))))
        .isEqualTo(expected);
    assertThat(Integer.signum(DebVersion.parse(b).compareTo(DebVersion.parse(a))))
        .isEqualTo(-expected);
  }

  /**
   * The compare cases of dpkg's lib/dpkg/t/t-version.c (DPKG_VERSION_OBJECT(epoch, version,
   * revision) pairs and their sign), as data.
   */
  @ParameterizedTest(name = "{0}:{1}-{2} cmp {3}:{4}-{5} = {6}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      0 | 1 | 1 | 0 | 2 | 1 | -1
      0 | 1 | 1 | 0 | 1 | 2 | -1
      0 | 0 | 0 | 0 | 0 | 0 | 0
      0 | 0 | 00 | 0 | 00 | 0 | 0
      1 | 2 | 3 | 1 | 2 | 3 | 0
      0 | 0 | 0 | 1 | 0 | 0 | -1
      1 | 0 | 0 | 0 | 0 | 0 | 1
      0 | a | 0 | 0 | b | 0 | -1
      0 | b | 0 | 0 | a | 0 | 1
      0 | 0 | a | 0 | 0 | b | -1
      0 | 0 | b | 0 | 0 | a | 1
      """)
  void dpkgsLibraryCases(
      long ea, String va, String ra, long eb, String vb, String rb, int expected) {
    int c = new DebVersion(ea, va, ra).compareTo(new DebVersion(eb, vb, rb));
    assertThat(Integer.signum(c)).isEqualTo(expected);
  }

  /** t-version.c's parse cases: each text parses to the version object given. */
  @ParameterizedTest(name = "parse({0})")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
      0 | 0 | 0 | ""
      0:0 | 0 | 0 | ""
      0:0- | 0 | 0 | ""
      0:0-0 | 0 | 0 | 0
      0:0.0-0.0 | 0 | 0.0 | 0.0
      1:0 | 1 | 0 | ""
      5:1 | 5 | 1 | ""
      0:0-0-0 | 0 | 0-0 | 0
      0:0-0-0-0 | 0 | 0-0-0 | 0
      0:0:0-0 | 0 | 0:0 | 0
      0:0:0:0-0 | 0 | 0:0:0 | 0
      0:0:0-0-0 | 0 | 0:0-0 | 0
      0:0-0:0-0 | 0 | 0-0:0 | 0
      0:09azAZ.-+~:-0 | 0 | 09azAZ.-+~: | 0
      0:0-azAZ09.+~ | 0 | 0 | azAZ09.+~
      "  \t0:0-1" | 0 | 0 | 1
      "0:0-1\t  " | 0 | 0 | 1
      """)
  void dpkgsParseCases(String text, long epoch, String version, String revision) {
    DebVersion parsed = DebVersion.parse(text.replace("\\t", "\t"));
    assertThat(parsed.compareTo(new DebVersion(epoch, version, revision))).isZero();
  }

  @Test
  void rejectsWhatDpkgRejects() {
    assertThatThrownBy(() -> DebVersion.parse("")).hasMessageContaining("empty Debian version");
    assertThatThrownBy(() -> DebVersion.parse("  ")).hasMessageContaining("empty Debian version");
    assertThatThrownBy(() -> DebVersion.parse("a:0-0")).hasMessageContaining("bad epoch 'a'");
    assertThatThrownBy(() -> DebVersion.parse("-1:0-1")).hasMessageContaining("bad epoch '-1'");
    assertThatThrownBy(() -> DebVersion.parse("999999999999999999999999:0-1"))
        .hasMessageContaining("bad epoch");
  }

  /** Debian kernel package versions (the sort key of linux-headers-*-amd64). */
  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      6.1.119-1 | 6.1.129-1
      6.1.129-1 | 6.1.129-1+deb12u1
      6.1.129-1~bpo11+1 | 6.1.129-1
      6.1.99-1 | 6.1.100-1
      """)
  void kernelPackageVersions(String older, String newer) {
    assertThat(DebVersion.parse(older)).isLessThan(DebVersion.parse(newer));
  }
}
