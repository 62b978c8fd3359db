package dtk.exec.apply.run;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.ImageRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyLocksTest {
  private static final ImageRef X86 = ImageRef.parse("reg.test/org/dtk:1.x86_64");
  private static final ImageRef ARM = ImageRef.parse("reg.test/org/dtk:1.aarch64");

  @TempDir Path state;

  @Test
  void secondHolder_isToldWhoHoldsTheLock_andGetsItAfterRelease() throws Exception {
    ApplyLocks locks = new ApplyLocks(state);
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch acquired = new CountDownLatch(1);

    ApplyLocks.Held first =
        locks.acquire(X86, (f, h) -> messages.add(ApplyLocks.waitMessage(X86, f, h)));
    Thread second =
        new Thread(
            () -> {
              try (ApplyLocks.Held held =
                  locks.acquire(X86, (f, h) -> messages.add(ApplyLocks.waitMessage(X86, f, h)))) {
                assertThat(held.waited()).isTrue();
                acquired.countDown();
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
            });
    second.start();
    while (messages.isEmpty()) {
      Thread.onSpinWait();
    }
    assertThat(acquired.getCount()).isEqualTo(1);
    first.close();
    second.join();

    assertThat(acquired.getCount()).isZero();
    assertThat(messages)
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .startsWith("another dtk apply holds " + locks.fileFor(X86))
                    .endsWith("for reg.test/org/dtk:1.x86_64; waiting for it to finish"));
  }

  @Test
  void differentReferences_doNotShareALock() throws Exception {
    ApplyLocks locks = new ApplyLocks(state);
    try (ApplyLocks.Held a =
            locks.acquire(
                X86,
                (f, h) -> {
                  throw new AssertionError(f);
                });
        ApplyLocks.Held b =
            locks.acquire(
                ARM,
                (f, h) -> {
                  throw new AssertionError(f);
                })) {
      assertThat(a.waited()).isFalse();
      assertThat(b.waited()).isFalse();
    }
    assertThat(locks.fileFor(ImageRef.parse("a/b:c")))
        .isNotEqualTo(locks.fileFor(ImageRef.parse("a/b_c")));
  }

  @Test
  void interruptedWaiter_givesUp() throws Exception {
    ApplyLocks locks = new ApplyLocks(state);
    List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch waiting = new CountDownLatch(1);
    ApplyLocks.Held first = locks.acquire(X86, (f, h) -> {});
    try {
      Thread second =
          new Thread(
              () -> {
                try {
                  locks.acquire(X86, (f, h) -> waiting.countDown()).close();
                  thrown.add(new AssertionError("acquired"));
                } catch (InterruptedException e) {
                  thrown.add(e);
                }
              });
      second.start();
      waiting.await();
      second.interrupt();
      second.join();
    } finally {
      first.close();
    }
    assertThat(thrown).singleElement().isInstanceOf(InterruptedException.class);
  }
}
