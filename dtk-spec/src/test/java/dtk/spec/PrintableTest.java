package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
  @Test
  void c1BidiFormatAndSeparatorCharacters_areEscaped() {
    assertThat(
            Printable.escape(
                "\u0085\u009b\u200e\u200f\u202a\u202e\u2066\u2069\u2028\u2029\ufeff\u200b\u061c"))
        .isEqualTo(
            "\\x85\\x9b\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069\\u2028\\u2029\\ufeff\\u200b\\u061c");
    assertThat(Printable.escape("lone \ud800 surrogate")).isEqualTo("lone \\ud800 surrogate");
    assertThat(Printable.escape("tag \udb40\udc01"))
        .isEqualTo("tag \\U000e0001"); // a format character outside the BMP
  }

  @Test
  void ordinaryText_isKeptAsWritten_theSameInstance() {
    String s = "kernel-devel-${kernel.version} \\ 'q' \"dq\" é 😀 $(x) `y` 中文";
    assertThat(Printable.escape(s)).isSameAs(s);
    assertThat(Printable.escapeLines(s + "\n" + s)).isEqualTo(s + "\n" + s);
  }

  @Test
  void escapeIsIdempotent_soTextEscapedTwiceReadsTheSame() {
    String once = Printable.escape("a\u001b[2J\u0007\n\u202e");
    assertThat(Printable.escape(once)).isEqualTo(once);
  }

  @Test
  void block_keepsLineBreaksAndLayout_andPrefixesEveryLineThatLooksLikeACiCommand() {
    assertThat(
            Printable.block(
                "error: x\n::add-mask::y\n   ::error ::z\n##vso[task.setvariable]v\n  - item\u001b",
                "  | "))
        .isEqualTo(
            "error: x\n  | ::add-mask::y\n  |    ::error ::z\n  | ##vso[task.setvariable]v\n  - item\\e");
    assertThat(Printable.block("one line", "  | ")).isEqualTo("one line");
    assertThat(Printable.block(null, "  | ")).isNull();
  }

  @Test
  void messageHelpers_useTheSameRule() {
    assertThat(ValueRules.printable("a\nb\u0001\u009b\u202e")).isEqualTo("a\\nb\\x01\\x9b\\u202e");
    Diagnostic d =
        new Diagnostic(
            Severity.ERROR,
            "x/y",
            new Location(java.nio.file.Path.of("a\u001b.yaml"), 1, 2),
            "bad '\u0007'",
            "first\n::error ::forged");
    assertThat(d.toString())
        .isEqualTo(
            "a\\e.yaml:1:2: error x/y: bad '\\x07'\n  hint: first\n  hint: ::error ::forged");
  }
}
