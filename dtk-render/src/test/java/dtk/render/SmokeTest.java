package dtk.render;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test void print() {
    for (var s : new dtk.spec.model.Spec[] {TestSpecs.centosLike(true), TestSpecs.debianLike()}) {
      for (Target t : TestSpecs.targets(s)) {
        BuildContext c = Renderer.builtIn().render(t);
        System.out.println("=== " + t.id() + " " + c.inputsDigest() + " " + t.images());
        System.out.print(c.containerfile());
      }
    }
  }
}
