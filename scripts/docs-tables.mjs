// The README's presets and strategies tables, made from www/spec.json (the one spec), so adding
// a strategy or preset touches the spec and this writes the rows:
//   node scripts/docs-tables.mjs          rewrite the tables in README.md
//   node scripts/docs-tables.mjs --check  exit 1 if README.md's tables differ from the spec
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const SPEC = JSON.parse(fs.readFileSync(new URL('../www/spec.json', import.meta.url), 'utf8'));

/** Escapes a table cell. @param {string} text */
const cell = (text) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The tables, by marker name. @returns {Record<string, string>} */
export function tables(spec = SPEC) {
  // "seed 003: 69.4 s in a loop ..."; a lesson the seeds do not name shows its point alone.
  const figure = (/** @type {any} */ p) => (p.source.startsWith('seed') ? `${p.source.split(' — ')[0]}: ${p.published}` : p.published);
  const presets = spec.presets.map((/** @type {any} */ p) => `| \`${p.id}\` | ${cell(p.shows)} | ${cell(figure(p))} |`);
  const strategies = spec.strategies.map((/** @type {any} */ s) => `| \`${s.id}\` | ${cell(s.models)} | ${cell(s.expect)} |`);
  return {
    presets: ['| preset | what it shows | the seed\'s figure |', '|---|---|---|', ...presets].join('\n'),
    strategies: ['| id | models (Python) | what to expect |', '|---|---|---|', ...strategies].join('\n'),
  };
}

/** `text` with each `<!-- spec:NAME -->` ... `<!-- /spec:NAME -->` block replaced. @param {string} text */
export function withTables(text, made = tables()) {
  let out = text;
  for (const [name, table] of Object.entries(made)) {
    const re = new RegExp(`(<!-- spec:${name} -->\\n)[\\s\\S]*?(\\n<!-- /spec:${name} -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- spec:${name} --> ... <!-- /spec:${name} --> block`);
    out = out.replace(re, (_, open, close) => `${open}${table}${close}`);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = fs.readFileSync(README, 'utf8');
  const made = withTables(text);
  if (process.argv.includes('--check')) {
    if (made !== text) {
      console.error('README.md: the presets or strategies table differs from www/spec.json; run `npm run docs:tables`');
      process.exit(1);
    }
  } else if (made !== text) {
    fs.writeFileSync(README, made);
    console.log('README.md: tables rewritten from www/spec.json');
  }
}
