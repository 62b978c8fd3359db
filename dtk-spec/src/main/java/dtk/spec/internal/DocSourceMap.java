package dtk.spec.internal;

import dtk.spec.Location;
import dtk.spec.model.SourceMap;

/** A {@link SourceMap} over a loaded (possibly merged) document. */
public final class DocSourceMap implements SourceMap {
  private final Doc doc;

  public DocSourceMap(Doc doc) {
    this.doc = doc;
  }

  @Override
  public Location locate(String jsonPointer) {
    return doc.valueLocation(jsonPointer);
  }

  @Override
  public Location locateKey(String jsonPointer) {
    return doc.keyLocation(jsonPointer);
  }

  @Override
  public Location locate(String jsonPointer, int offset) {
    Origin o = doc.values().get(jsonPointer);
    Object v = SchemaDiagnostics.valueAt(doc.root(), jsonPointer);
    if (o == null || !(v instanceof String s)) {
      return locate(jsonPointer);
    }
    return o.locate(s, offset);
  }

  @Override
  public String toString() {
    return "SourceMap[" + doc.file() + "]";
  }
}
