// Tokenizes spec files with the TextMate grammar (editors/vscode/syntaxes) through
// vscode-textmate, the engine VS Code uses, and checks the scopes it gives:
// - every keyword of the language outside strings and comments: a keyword.* scope;
// - every name: entity.name.type.<kind>.custody where it is declared, variable.other elsewhere;
// - strings: string.quoted.double (escapes: constant.character.escape); comments:
//   comment.line.number-sign; numbers: constant.numeric.
// An independent small lexer says what each piece of text is.
// usage: node textmate_test.js TOOL_DIR GRAMMAR SPEC...
'use strict';
const fs = require('fs');
const path = require('path');
const toolDir = path.resolve(process.argv[2]);
const vsctm = require(path.join(toolDir, 'node_modules', 'vscode-textmate'));
const oniguruma = require(path.join(toolDir, 'node_modules', 'vscode-oniguruma'));

const KEYWORDS = new Set(('import jurisdiction actor site condition key data flow law threat assume assert in ' +
  'operated by when held stored at wrapped hsm used split of encrypted and or not implies compels seizes actors ' +
  'sites compromises most least exactly nobody only can cannot read obtain use ' +
  'phase from until during forgets role as for holders public').split(' '));
const DECLARES = new Set(['phase', 'role', 'jurisdiction', 'actor', 'site', 'condition', 'key', 'data', 'law', 'threat']);

// The pieces of a line: [kind, start, end] with kind word/number/string/escape/comment/punct.
function lex(line) {
  const out = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#') { out.push(['comment', i, line.length]); break; }
    if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) { out.push(['escape', j, j + 2]); j += 2; } else j++;
      }
      out.push(['string', i, Math.min(j + 1, line.length)]);
      i = j + 1;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i));
    if (word) { out.push(['word', i, i + word[0].length]); i += word[0].length; continue; }
    const num = /^[0-9]+/.exec(line.slice(i));
    if (num) { out.push(['number', i, i + num[0].length]); i += num[0].length; continue; }
    out.push(['punct', i, line.slice(i, i + 2) === '->' ? i + 2 : i + 1]);
    i = line.slice(i, i + 2) === '->' ? i + 2 : i + 1;
  }
  return out;
}

async function main() {
  const [grammarPath, ...specs] = process.argv.slice(3);
  const wasm = fs.readFileSync(path.join(toolDir, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath),
  });
  const grammar = await registry.loadGrammar('source.custody');
  let failures = 0, checked = 0;
  const counts = {};
  for (const spec of specs) {
    const lines = fs.readFileSync(spec, 'utf8').split('\n');
    let state = vsctm.INITIAL;
    let prevWord = null;  // the previous word token, across lines (statements span lines)
    lines.forEach((line, n) => {
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      const scopesAt = (i) => {
        const t = r.tokens.find((t) => t.startIndex <= i && i < t.endIndex);
        return t ? t.scopes : [];
      };
      const pieces = lex(line);
      pieces.forEach(([kind, b, e], k) => {
        const text = line.slice(b, e);
        const scopes = scopesAt(b).join(' ');
        const all = [...Array(e - b).keys()].map((d) => scopesAt(b + d).join(' '));
        let want;
        if (kind === 'comment') want = /comment\.line\.number-sign\.custody/;
        else if (kind === 'string') want = /string\.quoted\.double\.custody/;
        else if (kind === 'escape') want = /constant\.character\.escape\.custody/;
        else if (kind === 'number') want = /constant\.numeric\.integer\.custody/;
        else if (kind === 'punct') want = /(punctuation|keyword\.operator\.arrow)\.[a-z.]*custody/;
        else if (KEYWORDS.has(text)) want = /keyword\.[a-z.]+\.custody/;
        else if (prevWord && DECLARES.has(prevWord)) want = new RegExp('entity\\.name\\.type\\.' + prevWord + '\\.custody');
        else if (prevWord === 'assert' && pieces[k + 1] && line.slice(pieces[k + 1][1], pieces[k + 1][2]) === ':')
          want = /entity\.name\.type\.assertion\.custody/;
        else want = /variable\.other\.custody/;
        if (kind === 'word') prevWord = text;
        // Every character of the piece has the scope (escapes are inside strings).
        const bad = kind === 'string' ? all.filter((s) => !want.test(s)) : all.filter((s) => !want.test(s));
        checked++;
        const label = kind === 'word' ? (KEYWORDS.has(text) ? 'keyword' : 'name') : kind;
        counts[label] = (counts[label] || 0) + 1;
        if (bad.length) {
          failures++;
          if (failures <= 20) console.log(`FAIL ${spec}:${n + 1}:${b + 1}: '${text}' has scopes [${scopes}], want ${want}`);
        }
      });
    });
  }
  const summary = Object.keys(counts).sort().map((k) => `${counts[k]} ${k}`).join(', ');
  console.log(`textmate: ${checked} tokens checked (${summary}), ${failures} wrong`);
  process.exit(failures ? 1 : 0);
}
main().catch((e) => { console.log('FAIL ' + (e.stack || e)); process.exit(1); });
