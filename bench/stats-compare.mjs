// bench/stats.sh: the dashboard's figures (GET /api/v1/stats/dashboard, read from the
// counters) against the baseline's (bench/stats-baseline.sql, GROUP BY over the facts).
// The province: every figure's value and every dim; each city of the breakdown: every
// figure's value (the breakdown carries no dims). Zeros are left out on both sides (the
// dashboard drops empty dims, the GROUP BY has no row for an empty group).
// Prints the province's figures side by side; exits 1 on any difference, listing them.
//   node bench/stats-compare.mjs DASHBOARD.json BASELINE.txt
import { readFileSync } from 'node:fs';

const [dashFile, baseFile] = process.argv.slice(2);
const d = JSON.parse(readFileSync(dashFile, 'utf8'));
const province = d.region.code;
const CODES = ['visits', 'person_times', 'households_visited', 'households_in_target', 'needs_raised', 'needs_resolved',
  'needs_referred', 'needs_closed', 'needs_open', 'resources', 'value_fen', 'persons_served', 'persons_by_category', 'workers'];

const dash = new Map();
for (const code of CODES) {
  const f = d.figures[code] ?? { value: 0 };
  dash.set(`${province} ${code}`, f.value);
  for (const [dim, v] of Object.entries(f.dims ?? {})) dash.set(`${province} ${code}/${dim}`, v);
}
for (const row of d.breakdown.rows)
  for (const code of CODES) dash.set(`${row.code} ${code}`, row.figures[code] ?? 0);

const base = new Map();
const add = (city, code, dim, v) => {
  v = Number(v);
  for (const key of [`${city} ${code}`, `${province} ${code}`, ...(dim ? [`${province} ${code}/${dim}`] : [])])
    base.set(key, (base.get(key) ?? 0) + v);
};
for (const line of readFileSync(baseFile, 'utf8').split('\n')) {
  const [tag, city, ...r] = line.split('|');
  switch (tag) {
    case 'V':
      add(city, 'visits', 'home', r[1]); add(city, 'visits', 'phone', r[2]); add(city, 'visits', 'video', r[3]);
      if (Number(r[0]) !== Number(r[1]) + Number(r[2]) + Number(r[3])) throw new Error(`visits of another mode in ${city}`);
      add(city, 'person_times', '', r[4]); add(city, 'households_visited', '', r[5]);
      break;
    case 'T': add(city, 'households_in_target', '', r[0]); break;
    case 'N':
      ['needs_raised', 'needs_resolved', 'needs_referred', 'needs_closed', 'needs_open'].forEach((code, i) => add(city, code, r[0], r[i + 1]));
      break;
    case 'R': add(city, 'resources', r[0], r[1]); add(city, 'value_fen', r[0], r[2]); break;
    case 'C': add(city, 'persons_by_category', r[0], r[1]); break;
    case 'S': add(city, 'persons_served', '', r[0]); break;
    case 'W': add(city, 'workers', '', r[0]); break;
    default: break; // the CLI's echo of a PRAGMA
  }
}

const keys = [...new Set([...dash.keys(), ...base.keys()])].filter((k) => (dash.get(k) ?? 0) !== 0 || (base.get(k) ?? 0) !== 0).sort();
const wrong = keys.filter((k) => (dash.get(k) ?? 0) !== (base.get(k) ?? 0));
const pad = (s, n) => String(s).padStart(n);
console.log(`| ${province} ${d.period.from}..${d.period.to} | dashboard | baseline |`);
console.log('|---|---|---|');
for (const k of keys.filter((k) => k.startsWith(province + ' ')))
  console.log(`| ${k.slice(province.length + 1)} | ${pad(dash.get(k) ?? 0, 12)} | ${pad(base.get(k) ?? 0, 12)} |${dash.get(k) === base.get(k) ? '' : ' ← differs'}`);
const cities = d.breakdown.rows.length;
if (wrong.length) {
  console.log(`MISMATCH: ${wrong.length} of ${keys.length} figures differ (province and ${cities} cities):`);
  for (const k of wrong) console.log(`  ${k}: dashboard ${dash.get(k) ?? 0}, facts ${base.get(k) ?? 0}`);
  process.exit(1);
}
console.log(`all ${keys.length} non-zero figures agree (the province with its dims, and ${cities} cities' values)`);
