package dtk.spec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared validator: compiled once, whichever threads ask, and then used by all. */
class SchemaValidatorTest {
  @Test
  void threadsAskingAtOnce_getTheOneCompiledValidator() throws Exception {
    SchemaValidator.prewarm(); // a daemon thread may be compiling while the others ask
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<SchemaValidator>> asked =
        java.util.stream.IntStream.range(0, 4)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            go.await(10, TimeUnit.SECONDS);
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          return SchemaValidator.get();
                        }))
            .toList();
    go.countDown();

    SchemaValidator mine = SchemaValidator.get();
    for (CompletableFuture<SchemaValidator> f : asked) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isSameAs(mine);
    }
  }

  @Test
  void theSharedValidatorValidates() {
    assertThat(SchemaValidator.get().validate(Map.of("no-such-key", 1)))
        .extracting(SchemaValidator.Violation::keyword)
        .isNotEmpty();
  }
}
