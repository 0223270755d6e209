// Times one model of make_models.py under ONNX Runtime (CPU) and prints one
// line of JSON on stdout; diagnostics go to stderr. See README.md, "Runner".
//
//   node bench/peer/ort_gemv.mjs --model=FILE.onnx [--reference=FILE.ref.npy]
//        [--input=FILE.x.npy] [--rounds=5] [--calls=10] [--threads=2]
//        [--tolerance=T] [--thp=0|1]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function fail(msg) {
  process.stderr.write(`ort_gemv.mjs: ${msg}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const known = ['model', 'reference', 'input', 'rounds', 'calls', 'threads', 'tolerance', 'thp'];
  const a = {};
  for (const arg of argv) {
    const m = /^--([a-z]+)=(.*)$/.exec(arg);
    if (!m || !known.includes(m[1])) fail(`unknown argument '${arg}' (known: ${known.map((k) => `--${k}=`).join(' ')})`);
    a[m[1]] = m[2];
  }
  if (!a.model) fail('--model=FILE.onnx is required');
  if (a.thp !== undefined && a.thp !== '0' && a.thp !== '1') fail(`--thp must be 0 or 1, got '${a.thp}'`);
  const stem = a.model.replace(/\.onnx$/, '');
  const int = (name, dflt) => {
    const v = a[name] === undefined ? dflt : Number(a[name]);
    if (!Number.isInteger(v) || v < 1) fail(`--${name} must be a positive integer, got '${a[name]}'`);
    return v;
  };
  return {
    model: a.model,
    reference: a.reference ?? `${stem}.ref.npy`,
    input: a.input ?? `${stem}.x.npy`,
    meta: `${stem}.json`,
    rounds: int('rounds', 5),
    calls: int('calls', 10),
    threads: int('threads', 2),
    tolerance: a.tolerance === undefined ? undefined : Number(a.tolerance),
    thp: a.thp === '1',
  };
}

// Reads a little-endian f32 C-order .npy file: {shape, data: Float32Array}.
function readNpyF32(file) {
  let buf;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
  if (buf.length < 10 || buf.readUInt8(0) !== 0x93 || buf.toString('latin1', 1, 6) !== 'NUMPY') fail(`${file}: not a .npy file`);
  const major = buf.readUInt8(6);
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + hlen);
  const descr = /'descr':\s*'([^']*)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) fail(`${file}: malformed .npy header: ${header.trim()}`);
  if (descr[1] !== '<f4') fail(`${file}: dtype '${descr[1]}' is not f32 ('<f4')`);
  if (fortran[1] === 'True') fail(`${file}: Fortran order is not supported`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length).map(Number);
  const count = dims.reduce((p, d) => p * d, 1);
  const off = start + hlen;
  if (buf.length - off !== count * 4) fail(`${file}: ${buf.length - off} data bytes, shape (${dims}) needs ${count * 4}`);
  const data = new Float32Array(count);
  Buffer.from(data.buffer).set(buf.subarray(off));  // copy: the data offset may not be 4-aligned
  return { shape: dims, data };
}

// f32 <-> IEEE half bits (round to nearest even), for f16 models.
const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);
function toHalf(v) {
  f32buf[0] = v;
  const x = u32buf[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && (h & 1))) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1))) h++;
  return sign | h;
}
function fromHalf(h) {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

const opts = parseArgs(process.argv.slice(2));
// --thp=1: glibc's malloc madvises its mmap'd chunks (ORT's weight buffers)
// MADV_HUGEPAGE only when the tunable is set at process start, so re-run.
const HUGETLB = 'glibc.malloc.hugetlb=1';
const tunables = process.env.GLIBC_TUNABLES ?? '';
if (opts.thp && !tunables.split(':').includes(HUGETLB)) {
  const env = { ...process.env, GLIBC_TUNABLES: tunables ? `${tunables}:${HUGETLB}` : HUGETLB };
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
let ort;
try {
  ort = require('onnxruntime-node');
} catch (e) {
  fail(`cannot load onnxruntime-node (run bench/peer/setup.sh first): ${e.message}`);
}
let meta = {};
if (fs.existsSync(opts.meta)) meta = JSON.parse(fs.readFileSync(opts.meta, 'utf8'));

if (!fs.existsSync(opts.model)) fail(`no model ${opts.model} (write it with bench/peer/make_models.py)`);
const x = readNpyF32(opts.input);
const ref = readNpyF32(opts.reference);
if (x.shape.length !== 2) fail(`${opts.input}: expected x of shape [M, K], got (${x.shape})`);
const [M] = x.shape;

let session;
try {
  session = await ort.InferenceSession.create(opts.model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: opts.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
} catch (e) {
  fail(`ONNX Runtime rejected ${opts.model}: ${e.message}`);
}
const inName = session.inputNames[0];
const outNames = session.outputNames;
const count = outNames.length;
if (ref.shape.length !== 3 || ref.shape[0] !== count || ref.shape[1] !== M)
  fail(`${opts.reference}: shape (${ref.shape}) does not match ${count} outputs of ${M} rows`);
const N = ref.shape[2];
const f16 = meta.kind === 'f16';
const feed = {
  [inName]: f16 ? new ort.Tensor('float16', Uint16Array.from(x.data, toHalf), x.shape)
                : new ort.Tensor('float32', x.data, x.shape),
};

// Check every output against the reference before timing.
const first = await session.run(feed);
let maxErr = 0;
for (let i = 0; i < count; i++) {
  const out = first[outNames[i]];
  if (out.data.length !== M * N) fail(`output ${outNames[i]} has ${out.data.length} values, expected ${M * N}`);
  const r = ref.data.subarray(i * M * N, (i + 1) * M * N);
  let maxRef = 0, maxDiff = 0;
  for (let j = 0; j < r.length; j++) {
    const y = f16 ? fromHalf(out.data[j]) : out.data[j];
    maxRef = Math.max(maxRef, Math.abs(r[j]));
    const d = Math.abs(y - r[j]);
    maxDiff = Number.isNaN(d) ? Infinity : Math.max(maxDiff, d);
  }
  maxErr = Math.max(maxErr, maxDiff / (maxRef || 1));
}
const acc = /a(\d)$/.exec(meta.kind ?? '');
const tol = opts.tolerance ?? (f16 ? 1e-2 : acc && acc[1] !== '0' ? 3e-2 : 1e-3);
process.stderr.write(`ort_gemv.mjs: ${opts.model}: max |y - ref| / max |ref| = ${maxErr.toExponential(3)} (tolerance ${tol})\n`);
if (!(maxErr <= tol)) fail(`output error ${maxErr} exceeds tolerance ${tol}`);

// Which pages hold the weights: glibc's malloc asks for transparent huge
// pages only with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (THP is in madvise mode).
function anonHugeKiB() {
  try {
    const m = /AnonHugePages:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/smaps_rollup', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
const hugeKiB = anonHugeKiB();

// R rounds of C calls; each round reports the median call time per matrix.
const perRound = [];
for (let r = 0; r < opts.rounds; r++) {
  const t = [];
  for (let c = 0; c < opts.calls; c++) {
    const t0 = process.hrtime.bigint();
    await session.run(feed);
    t.push(Number(process.hrtime.bigint() - t0) / 1e3 / count);
  }
  perRound.push(Number(median(t).toFixed(2)));
}
await session.release();

const result = {
  peer: meta.peer ?? `ort ${opts.model}`,
  us_per_matrix: perRound,
  matrices: count,
  max_rel_error: Number(maxErr.toExponential(3)),
  median_us_per_matrix: Number(median(perRound).toFixed(2)),
  M, N, K: x.shape[1],
  threads: opts.threads,
  thp: tunables.split(':').includes(HUGETLB),
  anon_huge_pages_mib: hugeKiB === null ? null : Math.round(hugeKiB / 1024),
};
if (meta.weight_bytes_per_matrix) {
  result.weight_bytes_per_matrix = meta.weight_bytes_per_matrix;
  result.weight_gb_per_s = Number((meta.weight_bytes_per_matrix / (median(perRound) * 1e3)).toFixed(2));
}
process.stdout.write(JSON.stringify(result) + '\n');
