import type { SweepRow } from './sweep.ts';

const W = 640;
const H = 400;
const M = { left: 70, right: 150, top: 40, bottom: 50 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * An SVG line chart of reachable states (log scale) against the first swept parameter, one
 * line per combination of the other parameters. Points of runs that stopped at a limit are
 * drawn hollow (a lower bound).
 */
export function renderGrowthChart(rows: readonly SweepRow[], title: string): string {
  const names = Object.keys(rows[0]?.params ?? {});
  const x = names[0];
  const series = new Map<string, SweepRow[]>();
  for (const r of rows) {
    const key = names.slice(1).map((n) => `${n}=${String(r.params[n])}`).join(' ') || 'states';
    series.set(key, [...(series.get(key) ?? []), r]);
  }
  const xs = rows.map((r) => Number(r.params[x]));
  const ys = rows.map((r) => Math.max(1, r.result.stats.states));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [l0, l1] = [Math.floor(Math.log10(Math.min(...ys))), Math.ceil(Math.log10(Math.max(...ys))) || 1];
  const px = (v: number) => M.left + ((v - x0) / Math.max(1, x1 - x0)) * (W - M.left - M.right);
  const py = (v: number) => H - M.bottom - ((Math.log10(v) - l0) / Math.max(1, l1 - l0)) * (H - M.top - M.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(title)}: reachable states against ${esc(x)}</text>`,
  ];
  for (let e = l0; e <= l1; e++) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(10 ** e)}" y2="${py(10 ** e)}" stroke="#ddd"/>`);
    out.push(`<text x="${M.left - 8}" y="${py(10 ** e) + 4}" text-anchor="end">1e${e}</text>`);
  }
  for (const v of [...new Set(xs)].sort((a, b) => a - b)) out.push(`<text x="${px(v)}" y="${H - M.bottom + 18}" text-anchor="middle">${v}</text>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">${esc(x)}</text>`);
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="black"/>`);
  out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="black"/>`);
  [...series.entries()].forEach(([key, rs], k) => {
    const c = COLORS[k % COLORS.length];
    const pts = rs.map((r) => [px(Number(r.params[x])), py(Math.max(1, r.result.stats.states))] as const);
    out.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`);
    rs.forEach((r, i) => out.push(`<circle cx="${pts[i][0].toFixed(1)}" cy="${pts[i][1].toFixed(1)}" r="4" fill="${r.result.complete ? c : 'white'}" stroke="${c}" stroke-width="2"/>`));
    out.push(`<text x="${W - M.right + 10}" y="${M.top + 16 * k + 4}" fill="${c}">${esc(key)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
