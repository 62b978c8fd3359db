package dtk.spec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Two documents that spell the same keys hold one copy of each key and pointer, not two. */
class SharedStringsTest {
  private static Doc parse(String name, String yaml, Map<String, String> strings) {
    YamlReader.Result r = YamlReader.parse(new SourceText(Path.of(name), yaml), yaml, strings);
    assertThat(r.diagnostics()).isEmpty();
    return r.doc();
  }

  private static Object sameKey(Map<?, ?> a, String equal) {
    return a.keySet().stream().filter(equal::equals).findFirst().orElseThrow();
  }

  @Test
  void keysAndPointersOfTwoDocuments_areTheSameStrings() {
    // built at run time, so that the compiler's constant pool cannot make them identical
    String key = new StringBuilder("kern").append("el").toString();
    Map<String, String> strings = new ConcurrentHashMap<>();
    Doc a = parse("a.yaml", key + ":\n  versions: [1, 2]\n", strings);
    Doc b = parse("b.yaml", key + ":\n  versions: [3]\n", strings);
    Map<?, ?> ra = (Map<?, ?>) a.root();
    Map<?, ?> rb = (Map<?, ?>) b.root();
    assertThat(sameKey(ra, key)).isSameAs(sameKey(rb, key));
    assertThat(sameKey(a.values(), "/kernel/versions/0"))
        .isSameAs(sameKey(b.values(), "/kernel/versions/0"));
    assertThat(sameKey(a.keys(), "/kernel/versions"))
        .isSameAs(sameKey(b.keys(), "/kernel/versions"));
    // the values themselves stay the file's own
    assertThat(b.valueLocation("/kernel/versions/0").file()).isEqualTo(Path.of("b.yaml"));
  }
}
