package dtk.spec;

import static dtk.spec.Load.load;
import static dtk.spec.Load.where;
import static dtk.spec.Load.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every hostile input ends as one clean diagnostic, never an exception or a stack overflow. */
class HostileInputTest {
  @TempDir Path dir;

  private LoadResult only(String name, String text) {
    return load(write(dir, name, text));
  }

  @Test
  void billionLaughs_isStoppedAtTheAliasOverTheLimit() {
    StringBuilder b =
        new StringBuilder(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    String prev = "a";
    for (String n : new String[] {"b", "c", "d", "e", "f", "g", "h", "i"}) {
      b.append(n).append(": &").append(n).append(" [");
      for (int i = 0; i < 9; i++) {
        b.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      b.append("]\n");
      prev = n;
    }
    LoadResult r = only("bomb.yaml", b.toString());
    // 9 aliases per line from line 2: the 51st alias is the 6th one on line 7, at column 23
    assertThat(where(r)).containsExactly("bomb.yaml:7:23 yaml/alias-limit");
    assertThat(r.ok()).isFalse();
  }

  @Test
  void aliasesWithinTheCountLimitThatStillMultiply_areStopped() {
    StringBuilder b = new StringBuilder("a0: &a0 [x]\n");
    for (int i = 1; i <= 25; i++) {
      b.append("a")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [*a")
          .append(i - 1)
          .append(", *a")
          .append(i - 1)
          .append("]\n");
    }
    LoadResult r = only("doubling.yaml", b.toString());
    assertThat(where(r)).hasSize(1).first().asString().endsWith("yaml/alias-limit");
  }

  @Test
  void tooManyValues_withoutAliases_isTooLarge() {
    LoadResult r = only("wide.yaml", "a: [" + "1,".repeat(200_000) + "1]\n");
    assertThat(where(r)).containsExactly("wide.yaml:1:1 yaml/too-large");
  }

  @Test
  void deepNesting_isRefusedAtTheFirstTooDeepLevel() {
    LoadResult r = only("deep.yaml", "[".repeat(100_000));
    assertThat(where(r)).containsExactly("deep.yaml:1:65 yaml/too-deep");
  }

  @Test
  void deepBlockMappings_areRefusedToo() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      b.append("  ".repeat(i)).append("a:\n");
    }
    b.append("  ".repeat(100)).append("x: 1\n");
    LoadResult r = only("deep-map.yaml", b.toString());
    assertThat(where(r))
        .singleElement()
        .asString()
        .startsWith("deep-map.yaml:65:")
        .endsWith("yaml/too-deep");
  }

  @Test
  void recursiveAlias_isReportedAtTheAlias() {
    LoadResult r = only("rec.yaml", "a: &r\n  b: *r\n");
    assertThat(where(r)).containsExactly("rec.yaml:2:6 yaml/recursive-alias");
    LoadResult list = only("rec-list.yaml", "a: &r [1, *r]\n");
    assertThat(where(list)).containsExactly("rec-list.yaml:1:11 yaml/recursive-alias");
  }

  @Test
  void hugeFile_isRefusedBeforeReading() {
    LoadResult r = only("huge.yaml", "a: \"" + "x".repeat(1024 * 1024) + "\"\n");
    assertThat(where(r)).containsExactly("huge.yaml:0:0 yaml/too-large");
    assertThat(r.diagnostics().get(0).line())
        .startsWith(dir.resolve("huge.yaml") + ": error yaml/too-large");
  }

  @Test
  void nonUtf8_isReportedAtTheBadByte() {
    byte[] bytes =
        "apiVersion: dtk/v1\nkind: DriverToolkit\nmetadata: {description: \"caf\u00e9\"}\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    LoadResult r = load(write(dir, "latin1.yaml", bytes));
    assertThat(where(r)).containsExactly("latin1.yaml:3:29 yaml/encoding");
    assertThat(r.diagnostics().get(0).message()).contains("0xE9");
  }

  @Test
  void utf16_isReportedAsWrongEncoding() {
    byte[] bytes = "\uFEFFa: 1\n".getBytes(StandardCharsets.UTF_16BE);
    assertThat(where(load(write(dir, "utf16.yaml", bytes))))
        .containsExactly("utf16.yaml:1:1 yaml/encoding");
  }

  @Test
  void utf8ByteOrderMark_isAccepted() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = Load.minimal("bom", "").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(text, 0, all, 3, text.length);
    assertThat(Load.lines(load(write(dir, "bom.yaml", all)))).isEmpty();
  }

  @Test
  void emptyFiles_andCommentOnlyFiles_areEmpty() {
    assertThat(where(only("empty.yaml", ""))).containsExactly("empty.yaml:0:0 yaml/empty");
    assertThat(where(only("comments.yaml", "# nothing\n\n")))
        .containsExactly("comments.yaml:0:0 yaml/empty");
    assertThat(where(only("null.yaml", "null\n"))).containsExactly("null.yaml:0:0 yaml/empty");
  }

  @Test
  void multiDocument_isReportedAtTheSecondDocument() {
    LoadResult r = only("multi.yaml", "a: 1\n---\nb: 2\n");
    assertThat(where(r)).containsExactly("multi.yaml:2:1 yaml/multi-document");
  }

  @Test
  void binaryGarbage_isRefused() {
    byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, (byte) 0x90, (byte) 0xff};
    assertThat(where(load(write(dir, "a.out.yaml", elf))))
        .containsExactly("a.out.yaml:1:8 yaml/binary");
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0x10, 'J', 'F', 'I', 'F'};
    assertThat(where(load(write(dir, "photo.yaml", jpeg))))
        .containsExactly("photo.yaml:1:1 yaml/encoding");
    assertThat(where(only("bell.yaml", "a: \"x\u0007y\"\n")))
        .containsExactly("bell.yaml:1:6 yaml/binary");
  }

  @Test
  void syntaxError_isReportedAtTheProblem() {
    LoadResult r = only("syntax.yaml", "a: [1, 2\nb: 3\n");
    assertThat(where(r))
        .singleElement()
        .asString()
        .startsWith("syntax.yaml:2:")
        .endsWith("yaml/syntax");
  }

  @Test
  void unquotedReferenceInAFlowList_getsAHint() {
    LoadResult r = only("flow.yaml", "packages: [kernel-${kernel.version}]\n");
    assertThat(where(r)).containsExactly("flow.yaml:1:20 yaml/syntax");
    assertThat(r.diagnostics().get(0).hint()).contains("must be quoted");
  }

  @Test
  void duplicateKey_isReportedAtTheSecondKey() {
    LoadResult r =
        only("dup.yaml", "apiVersion: dtk/v1\nkind: DriverToolkit\nkind: DriverToolkitDefaults\n");
    assertThat(where(r)).containsExactly("dup.yaml:3:1 yaml/duplicate-key");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo("duplicate key 'kind' (first at line 2)");
  }

  @Test
  void everyDuplicateKeyAndTag_isReported_inOneRun() {
    LoadResult r = only("dups.yaml", "a: 1\na: 2\nb: { c: 1, c: 2 }\nd: !!binary aGk=\n");
    assertThat(where(r))
        .containsExactly(
            "dups.yaml:2:1 yaml/duplicate-key",
            "dups.yaml:3:12 yaml/duplicate-key",
            "dups.yaml:4:4 yaml/tag");
  }

  @Test
  void nonScalarKey_undefinedAlias_andUnknownTags_areDiagnostics() {
    assertThat(where(only("key.yaml", "? [a, b]\n: 1\n")))
        .containsExactly("key.yaml:1:3 yaml/syntax");
    assertThat(where(only("undef.yaml", "a: *nope\n")))
        .containsExactly("undef.yaml:1:4 yaml/syntax");
    LoadResult tag = only("tag.yaml", "a: !!binary aGVsbG8=\n");
    assertThat(where(tag)).containsExactly("tag.yaml:1:4 yaml/tag");
    assertThat(tag.diagnostics().get(0).message()).contains("!!binary");
  }

  @Test
  void nulCharactersWrittenAsEscapes_inPaths_areDiagnostics() {
    LoadResult r =
        only(
            "nul.yaml",
            Load.minimal("x", "extends: \"a\\0.yaml\"\nrepositories: [\"r\\0.repo\"]\n"));
    assertThat(where(r)).contains("nul.yaml:9:10 extends/not-found");
    LoadResult set =
        load(
            java.util.List.of("repositories=[\"r\\0.repo\"]"),
            write(dir, "ok.yaml", Load.minimal("y", "")));
    assertThat(where(set)).containsExactly("--set[1]:1:15 spec/repository-not-found");
  }

  @Test
  void deviceFiles_areNotRead() {
    assertThat(where(load(Path.of("/dev/zero")))).containsExactly("zero:0:0 file/unreadable");
  }

  @Test
  void missingFile_isADiagnostic() {
    assertThat(where(load(dir.resolve("nope.yaml"))))
        .containsExactly("nope.yaml:0:0 file/not-found");
  }
}
