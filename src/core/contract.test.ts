// One contract, in src/core: the wire facts of a vital-signs set (its identifier system, the
// LOINC codes of the parameter table, Varde's coverage and Scale 2 codes) are written out in
// src/core only. Every other room imports them. This test fails when a second copy appears
// in product or test-helper code outside src/core; test files (*.test.ts[x]) may spell wire
// values out, since a test should state what it expects on the wire.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXTENSION, FLAG_SCALE_2, LOINC, SYSTEM } from './fhir/codes';
import { VITAL_PARAMETERS } from './vitals/parameters';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCANNED = ['src', 'service-worker'];
const CORE = path.join('src', 'core') + path.sep;

/** The strings that may appear in src/core only. */
const CONTRACT_STRINGS: readonly string[] = [
  SYSTEM.vitalSignsSet,
  SYSTEM.coverage,
  SYSTEM.flag,
  SYSTEM.sharing,
  FLAG_SCALE_2,
  EXTENSION.spo2Scale,
  ...new Set([...Object.values(LOINC), ...Object.values(VITAL_PARAMETERS).flatMap((p) => p.loinc)]),
];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith(CORE) && !f.endsWith('routeTree.gen.ts'));
}

/** Where `text` holds one of the contract strings, as `file:line: string`. */
function copiesIn(file: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const s of CONTRACT_STRINGS) {
      // A LOINC code only as a whole token: 8310-5 but not 18310-52.
      const escaped = s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      if (new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`).test(line)) out.push(`${file}:${i + 1}: ${s}`);
    }
  });
  return out;
}

describe('one contract in src/core', () => {
  const files = SCANNED.flatMap(sourceFiles);

  it('scans the rooms (a sanity check that the walk finds files)', () => {
    expect(files.some((f) => f.startsWith(path.join('src', 'offline')))).toBe(true);
    expect(files.some((f) => f.startsWith(path.join('src', 'platform')))).toBe(true);
    expect(files.some((f) => f.startsWith(path.join('src', 'app')))).toBe(true);
    expect(files.some((f) => f.startsWith(CORE))).toBe(false);
  });

  it('finds a copy where there is one', () => {
    const copy = `const SYSTEM = '${SYSTEM.vitalSignsSet}';\nconst code = { code: '${LOINC.bodyTemperature}' };\nconst phone = '18310-52';`;
    expect(copiesIn('x.ts', copy)).toEqual([
      `x.ts:1: ${SYSTEM.vitalSignsSet}`,
      `x.ts:2: ${LOINC.bodyTemperature}`,
    ]);
  });

  it('has no second copy of the set identifier system, the LOINC codes or Varde codes outside src/core', () => {
    const copies = files.flatMap((f) => copiesIn(f, readFileSync(path.join(root, f), 'utf8')));
    expect(
      copies,
      'import these from src/core (fhir/codes.ts, fhir/setIdentifier.ts, vitals/parameters.ts)',
    ).toEqual([]);
  });
});
