package dtk.render.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EscapesTest {
  @ParameterizedTest
  @CsvSource(
      quoteCharacter = '~',
      delimiter = '|',
      value = {
        "plain|'plain'",
        "it's|'it'\"'\"'s'",
        "$(id)|'$(id)'",
        "`id`|'`id`'",
        "a\\b|'a\\b'",
        "${HOME} $USER|'${HOME} $USER'",
        "\"dq\"|'\"dq\"'",
      })
  void shellQuote_makesOneLiteralWord(String in, String out) {
    assertThat(Escapes.shellQuote(in)).isEqualTo(out);
  }

  @Test
  void shellWord_quotesOnlyWhatTheShellWouldInterpret() {
    assertThat(Escapes.shellWord("kernel-devel-5.14.0-498.el9"))
        .isEqualTo("kernel-devel-5.14.0-498.el9");
    assertThat(Escapes.shellWord("gcc-c++")).isEqualTo("gcc-c++");
    assertThat(Escapes.shellWord("a b")).isEqualTo("'a b'");
    assertThat(Escapes.shellWord("kernel*")).isEqualTo("'kernel*'");
    assertThat(Escapes.shellWord("x;rm -rf /")).isEqualTo("'x;rm -rf /'");
    assertThat(Escapes.shellWord("")).isEqualTo("''");
  }

  @ParameterizedTest
  @CsvSource(
      quoteCharacter = '~',
      delimiter = '|',
      value = {
        "dtk \"demo\"|\"dtk \\\"demo\\\"\"",
        "a$HOME b\\c ${X} 'q' #nc|\"a\\$HOME b\\\\c \\${X} 'q' #nc\"",
        "$(id)|\"\\$(id)\"",
        "tab\there|\"tab\there\"",
      })
  void labelQuote_escapesWhatTheBuilderUnescapes(String in, String out) {
    assertThat(Escapes.labelQuote(in)).isEqualTo(out);
  }

  @Test
  void newlines_areRefusedInEveryContext() {
    assertThatThrownBy(() -> Escapes.labelQuote("a\nb"))
        .isInstanceOf(Escapes.UnsafeValueException.class)
        .hasMessageContaining("newline");
    assertThatThrownBy(() -> Escapes.shellQuote("a\rb")).hasMessageContaining("carriage return");
    assertThatThrownBy(() -> Escapes.shellWord("a\u0007b")).hasMessageContaining("U+0007");
    assertThatThrownBy(() -> Escapes.labelQuote("a\u007fb")).hasMessageContaining("U+007F");
  }

  @Test
  void labelKey_isRestrictedNotEscaped() {
    assertThat(Escapes.labelKey("org.opencontainers.image.title"))
        .isEqualTo("org.opencontainers.image.title");
    assertThat(Escapes.labelKey("io.k8s.display-name")).isEqualTo("io.k8s.display-name");
    for (String bad : new String[] {"", "a b", "a=b", "\"q\"", "-x", "a\nb", "$x"}) {
      assertThatThrownBy(() -> Escapes.labelKey(bad))
          .as(bad)
          .isInstanceOf(Escapes.UnsafeValueException.class);
    }
  }

  @Test
  void printable_showsControlCharacters() {
    assertThat(Escapes.printable("a\nb\u0001")).isEqualTo("a\\nb\\x01");
  }
}
