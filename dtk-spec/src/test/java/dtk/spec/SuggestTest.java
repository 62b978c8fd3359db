package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {
  @Test
  void levenshtein_countsATranspositionAsTwoEdits_theSuggestionDistanceAsOne() {
    assertThat(Suggest.levenshtein("rendre", "render")).isEqualTo(2);
    assertThat(Suggest.distance("rendre", "render")).isEqualTo(1);
    assertThat(Suggest.levenshtein("render", "rendr")).isEqualTo(1);
    assertThat(Suggest.levenshtein("", "abc")).isEqualTo(3);
    assertThat(Suggest.levenshtein("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void didYouMean_namesTheClosestCandidate_ignoringCase() {
    assertThat(Suggest.didYouMean("TGAS", List.of("tags", "labels")))
        .isEqualTo(" (did you mean 'tags'?)");
    assertThat(Suggest.didYouMean("zzzzzz", List.of("tags", "labels"))).isEmpty();
  }
}
