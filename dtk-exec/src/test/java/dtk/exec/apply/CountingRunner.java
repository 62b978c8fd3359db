package dtk.exec.apply;

import dtk.exec.process.Invocation;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The real runner, recording every argv, so tests can assert that the engine was (not) asked to
 * build.
 */
final class CountingRunner implements ProcessRunner {
  private final ProcessRunner real = ProcessRunner.local();
  final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());

  @Override
  public ProcessResult run(Invocation inv) throws IOException, InterruptedException {
    calls.add(inv.argv());
    return real.run(inv);
  }

  /** Engine builds (including verification's throwaway builds) and commits. */
  List<List<String>> builds() {
    synchronized (calls) {
      return calls.stream()
          .filter(a -> a.size() > 1 && (a.get(1).equals("build") || a.get(1).equals("commit")))
          .toList();
    }
  }

  List<List<String>> pushes() {
    synchronized (calls) {
      return calls.stream()
          .filter(
              a ->
                  a.size() > 1
                      && (a.get(1).equals("push")
                          || (a.get(1).equals("manifest") && a.get(2).equals("push"))))
          .toList();
    }
  }
}
