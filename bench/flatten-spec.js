// Writes a spec with its `extends` merged in (maps merge, the extending file wins; lists replace),
// so that a plain JSON-schema validator sees the same complete document dtk validates.
//   node bench/flatten-spec.js specs/centos.yaml > centos-flat.yaml
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

function load(file) {
  const doc = YAML.parse(fs.readFileSync(file, "utf8"));
  if (!doc.extends) return doc;
  const bases = [].concat(doc.extends).map((b) => load(path.resolve(path.dirname(file), b)));
  delete doc.extends;
  return bases.reduceRight((acc, b) => merge(b, acc), doc);
}
function merge(base, over) {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
  return out;
}
function isMap(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

const spec = load(process.argv[2]);
spec.kind = "DriverToolkit";
process.stdout.write(YAML.stringify(spec));
