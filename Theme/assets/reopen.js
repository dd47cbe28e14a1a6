/* "Update a response you have sent" on a briefing's response form: opens a response file (the
   form's own .md, the blank response file filled in by hand, or a .json response), checks it as
   `learning-hub collect` would, and only then puts every answer back into the form. A file that
   cannot be used is explained with the GOV.UK error summary, and the form is left as it was.
   Plain JavaScript, no library; it needs respond.js (loaded before it) for the form itself.
   The YAML it reads is the subset in docs/responses.md ("Updating a response you have sent"). */
(function () {
  'use strict';

  // ---- Reading bytes, as the collector's ResponseFileReader does --------------------------------

  var MAX_BYTES = 1 << 20;
  var EXTENSIONS = ['md', 'markdown', 'yml', 'yaml', 'json'];

  function Problem(message, unreadable) { this.message = message; this.unreadable = !!unreadable; }
  function fail(message) { throw new Problem(message); }
  // Text the collector may well accept (it reads all of YAML) but this small reader does not.
  function unreadable(line, what) {
    throw new Problem('The form cannot read line ' + line + ' of the file' + (what ? ' (' + what + ')' : '') +
      '. If you changed the file by hand, check that line; or fill in the form again.', true);
  }

  function decode(bytes) {
    if (bytes.length > MAX_BYTES) {
      fail('The file is ' + Math.floor(bytes.length / 1024) + ' KB, more than a response can be (1 MB). Check that you chose your response file.');
    }
    if ((bytes[0] === 0xFF && bytes[1] === 0xFE) || (bytes[0] === 0xFE && bytes[1] === 0xFF)) {
      fail('The file is saved as UTF-16 text. Save it as UTF-8 (in Notepad: Save as, Encoding, UTF-8) and open it again.');
    }
    if (bytes.indexOf(0) >= 0) { fail('The file is not a text file. Choose the response file (.md) you downloaded from this form.'); }
    var text;
    try { text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes); } catch (e) {
      fail('The file is not saved as UTF-8 text (it may be Windows-1252). Save it as UTF-8 and open it again.');
    }
    if (text.charCodeAt(0) === 0xFEFF) { text = text.slice(1); }
    return text.replace(/\r\n?/g, '\n');
  }

  // `---`, the YAML, `---`, then the Markdown body (the collector keeps the body as notes).
  function isFence(line) { return line.slice(0, 3) === '---' && /^[\s]*$/.test(line.slice(3)); }

  function splitFrontMatter(text) {
    var lines = text.split('\n');
    if (!isFence(lines[0])) {
      fail('The file does not start with a line of three dashes (---), as a response file does. Choose the response file you downloaded from this form, or the blank response file filled in.');
    }
    for (var i = 1; i < lines.length; i++) {
      if (isFence(lines[i])) { return { yaml: lines.slice(1, i).join('\n'), body: lines.slice(i + 1).join('\n'), firstLine: 2 }; }
    }
    fail('The answers in the file are never closed: a line of three dashes (---) should follow the last answer.');
  }

  // ---- JSON, strictly (duplicate names and lone surrogates are refused, as the collector does) ---

  var INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

  function parseJSON(text, firstLine) {
    var i = 0;
    function lineAt(k) { return firstLine + text.slice(0, k).split('\n').length - 1; }
    var odd = INVISIBLE.exec(text);
    if (odd) { i = odd.index; unreadable(lineAt(i), 'it has an invisible control character'); }
    function bad() { unreadable(lineAt(i), 'it is not valid JSON here'); }
    function space() { while (i < text.length && ' \t\n'.indexOf(text[i]) >= 0) { i++; } }
    function str() {
      var out = '';
      i++;
      while (i < text.length) {
        var c = text[i];
        if (c === '"') { i++; return out; }
        if (c < ' ') { bad(); }
        if (c !== '\\') { out += c; i++; continue; }
        var e = text[i + 1];
        var simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (simple[e] !== undefined) { out += simple[e]; i += 2; continue; }
        if (e !== 'u' || !/^[0-9a-fA-F]{4}$/.test(text.substr(i + 2, 4))) { bad(); }
        var code = parseInt(text.substr(i + 2, 4), 16);
        // YAML, which the collector reads JSON as, has no surrogate escapes.
        if (code >= 0xD800 && code <= 0xDFFF) { unreadable(lineAt(i), 'an escape \\u' + text.substr(i + 2, 4) + ' stands for half a character'); }
        out += String.fromCharCode(code);
        i += 6;
      }
      bad();
    }
    function value(depth) {
      if (depth > 32) { unreadable(lineAt(i), 'it is nested too deeply'); }
      space();
      var line = lineAt(i), c = text[i];
      if (c === '{') {
        i++;
        var entries = [], names = {};
        space();
        if (text[i] === '}') { i++; return { fields: entries, line: line }; }
        for (;;) {
          space();
          if (text[i] !== '"') { bad(); }
          var keyLine = lineAt(i), name = str();
          if (Object.prototype.hasOwnProperty.call(names, name)) { fail('The file gives \u2018' + name + '\u2019 twice. Keep one of them and open the file again.'); }
          names[name] = true;
          space();
          if (text[i] !== ':') { bad(); }
          i++;
          entries.push({ name: name, value: value(depth + 1), line: keyLine });
          space();
          if (text[i] === '}') { i++; return { fields: entries, line: line }; }
          if (text[i] !== ',') { bad(); }
          i++;
        }
      }
      if (c === '[') {
        i++;
        var items = [];
        space();
        if (text[i] === ']') { i++; return { list: items, line: line }; }
        for (;;) {
          items.push(value(depth + 1));
          space();
          if (text[i] === ']') { i++; return { list: items, line: line }; }
          if (text[i] !== ',') { bad(); }
          i++;
        }
      }
      if (c === '"') { return { text: str(), line: line }; }
      // Numbers keep the digits as written (the collector reads them as text); null is empty.
      var m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
      if (!m) { bad(); }
      i += m[0].length;
      return { text: m[0] === 'null' ? '' : m[0], line: line };
    }
    var root = value(1);
    space();
    if (i < text.length) { bad(); }
    return root;
  }

  // ---- YAML: the subset the form and the blank response file use ----------------------------------
  // Block mappings and sequences; plain scalars (also over several lines), '...' and "..." on one
  // line; [a, b] on one line; | and > blocks; comments. Anything else is "unreadable" (see above).

  function parseYAML(text, firstLine) {
    var endsWithBreak = text.slice(-1) === '\n';
    var lines = text === '' ? [] : text.split('\n');
    if (endsWithBreak) { lines.pop(); }
    var at = 0;
    function lineNo(l) { return l + firstLine; }
    lines.forEach(function (s, l) {
      var c = /\t/.exec(s) || INVISIBLE.exec(s);
      if (c) { unreadable(lineNo(l), c[0] === '\t' ? 'it has a tab character: use spaces instead' : 'it has an invisible control character'); }
    });
    function indent(l) { return /^ */.exec(lines[l])[0].length; }
    function blankOrComment(l) { var t = lines[l].slice(indent(l)); return t === '' || t[0] === '#'; }
    function next(l) { while (l < lines.length && blankOrComment(l)) { l++; } return l; }
    // A plain key on one line (a name, or any text YAML takes as one: 'by when', 'sta~us'), and
    // the column after its colon.
    function key(l, col) {
      var s = lines[l], m = /^(.*?)(:( |$))/.exec(s.slice(col));
      if (!m || /\s#/.test(m[1])) { return null; }
      var p = plain(m[1].replace(/ +$/, ''), 0, false);
      if (!p || p.end !== m[1].replace(/ +$/, '').length) { return null; }
      return { name: p.text, after: col + m[1].length + 1 };
    }

    function mapping(col, first, depth) {
      if (depth > 32) { unreadable(lineNo(at), 'it is nested too deeply'); }
      var entries = [], names = {}, start = at, offset = first;
      for (;;) {
        var k = key(at, offset);
        if (!k) { unreadable(lineNo(at), 'a name and a colon were expected, like \u201cteam: Early Help\u201d'); }
        if (Object.prototype.hasOwnProperty.call(names, k.name)) { fail('The file gives \u2018' + k.name + '\u2019 twice (line ' + lineNo(at) + '). Keep one of them and open the file again.'); }
        names[k.name] = true;
        var keyLine = at;
        entries.push({ name: k.name, value: valueAfter(k.after, col, depth), line: lineNo(keyLine) });
        var n = next(at);
        if (n >= lines.length || indent(n) < col) { at = n; break; }
        if (indent(n) !== col || /^- |^-$/.test(lines[n].slice(col))) { unreadable(lineNo(n), 'it is not in line with the answers above it'); }
        at = n;
        offset = col;
      }
      return { fields: entries, line: lineNo(start) };
    }

    function valueAfter(colon, col, depth) {
      var s = lines[at], i = colon;
      while (s[i] === ' ') { i++; }
      if (i < s.length) {
        if (s[i] === '|' || s[i] === '>') { return block(i, col); }
        if (s[i] === '#') { i = s.length; } else { return scalarLine(i, col); }
      }
      var n = next(at + 1);
      if (n < lines.length) {
        var ind = indent(n), dash = /^- |^-$/.test(lines[n].slice(ind));
        if (dash && ind >= col) { at = n; return sequence(ind, depth + 1); }
        if (ind > col) { at = n; return key(n, ind) ? mapping(ind, ind, depth + 1) : scalarLine(ind, col); }
      }
      var empty = { text: '', line: lineNo(at) };
      at++;
      return empty;
    }

    function sequence(col, depth) {
      var items = [], start = at;
      for (;;) {
        var s = lines[at];
        if (!/^- /.test(s.slice(col))) { unreadable(lineNo(at), 'a list entry should have something after its dash'); }
        var i = col + 1;
        while (s[i] === ' ') { i++; }
        if (s[i] === '#' || s[i] === '|' || s[i] === '>' || /^- /.test(s.slice(i))) { unreadable(lineNo(at)); }
        if (key(at, i)) { items.push(mapping(i, i, depth + 1)); } else { items.push(scalarLine(i, col)); }
        var n = next(at);
        if (n >= lines.length || indent(n) < col) { at = n; break; }
        if (indent(n) !== col) { unreadable(lineNo(n), 'it is not in line with the entries above it'); }
        at = n;
        if (lines[n][col] !== '-') { break; }
      }
      return { list: items, line: lineNo(start) };
    }

    // A scalar starting at column i that takes the rest of its line (and, plain, the lines after it
    // that are indented more than `parent`, folded into one text as YAML does).
    function scalarLine(i, parent) {
      var s = lines[at], line = lineNo(at), r, words = null;
      if (s[i] === '[') {
        r = flow(s, i + 1);
      } else if (s[i] === '"' || s[i] === '\'') {
        r = quoted(s, i);
      } else {
        r = plain(s, i, false);
        if (!r) {
          unreadable(line, /: |:$/.test(s.slice(i)) ? 'a colon followed by a space in a text: put the text in double quotes'
            : 'it starts with a character that needs the text to be in double quotes');
        }
        if (!rest(s, r.end)) { unreadable(line); }
        if (/^ *$/.test(s.slice(r.end))) {
          words = [r.text];
          var l = at + 1, breaks = 0;
          while (l < lines.length) {
            if (/^ *$/.test(lines[l])) { breaks++; l++; continue; }
            var t = lines[l].replace(/^ +| +$/g, '');
            if (indent(l) <= parent || t[0] === '#') { break; }
            var more = plain(t, 0, false);
            if (!more || more.end !== t.length || /^- |^-$/.test(t)) { unreadable(lineNo(l)); }
            words.push(breaks ? '\n'.repeat(breaks) : ' ', more.text);
            breaks = 0;
            at = l;
            l++;
          }
          r.text = words.join('');
          r.end = lines[at].length;
          s = lines[at];
        }
        if (words && words.length > 1) { r.multi = true; }
        if (!r.multi && ['~', 'null', 'Null', 'NULL'].indexOf(r.text) >= 0) { r.text = ''; }
      }
      if (!rest(s, r.end)) { unreadable(lineNo(at)); }
      at++;
      return r.list ? { list: r.list, line: line } : { text: r.text, line: line };
    }

    // Nothing after `i` on the line but spaces, or spaces then a comment.
    function rest(s, i) { var m = /^( *)(#.*)?$/.exec(s.slice(i)); return !!m && (!m[2] || m[1].length > 0); }

    function plain(s, i, inFlow) {
      var c = s[i];
      if (c === undefined || ',[]{}#&*!|>\'"%@`'.indexOf(c) >= 0) { return null; }
      if ((c === '-' || c === '?' || c === ':') && (i + 1 >= s.length || s[i + 1] === ' ' || (inFlow && ',[]{}'.indexOf(s[i + 1]) >= 0))) { return null; }
      var j = i, last = i;
      for (; j < s.length; j++) {
        var b = s[j];
        if (b === ':' && (j + 1 === s.length || s[j + 1] === ' ' || (inFlow && ',]'.indexOf(s[j + 1]) >= 0))) { return null; }
        if (b === '#' && s[j - 1] === ' ') { break; }
        if (inFlow) {
          if (b === ',' || b === ']') { break; }
          if ('[{}:'.indexOf(b) >= 0) { return null; }
        }
        if (b !== ' ') { last = j; }
      }
      return { text: s.slice(i, last + 1), end: last + 1 };
    }

    function quoted(s, i) {
      var q = s[i], out = '', j = i + 1;
      while (j < s.length) {
        var c = s[j];
        if (q === '\'' && c === '\'') {
          if (s[j + 1] === '\'') { out += '\''; j += 2; continue; }
          return { text: out, end: j + 1 };
        }
        if (q === '"' && c === '"') { return { text: out, end: j + 1 }; }
        if (q === '\'' || c !== '\\') { out += c; j++; continue; }
        var e = s[j + 1];
        var simple = { '0': '\u0000', a: '\u0007', b: '\b', t: '\t', n: '\n', v: '\u000b', f: '\f', r: '\r', e: '\u001b',
                       ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029' };
        if (simple[e] !== undefined) { out += simple[e]; j += 2; continue; }
        var digits = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        var hex = s.substr(j + 2, digits);
        if (!digits || hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) { unreadable(lineNo(at), 'a \\ in double quotes starts an escape this form does not know'); }
        var code = parseInt(hex, 16);
        if ((code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) { unreadable(lineNo(at), 'an escape stands for no character'); }
        out += String.fromCodePoint(code);
        j += 2 + digits;
      }
      unreadable(lineNo(at), 'a quote is opened but not closed on the same line');
    }

    function flow(s, i) {
      var items = [];
      function sp() { while (s[i] === ' ') { i++; } }
      sp();
      if (s[i] === ']') { return { list: items, end: i + 1 }; }
      while (i < s.length) {
        var r = s[i] === '"' || s[i] === '\'' ? quoted(s, i) : plain(s, i, true);
        if (!r) { unreadable(lineNo(at), 'a list in [ ] should hold IDs separated by commas'); }
        var t = r.text;
        if (s[i] !== '"' && s[i] !== '\'' && ['~', 'null', 'Null', 'NULL'].indexOf(t) >= 0) { t = ''; }
        items.push({ text: t, line: lineNo(at) });
        i = r.end;
        sp();
        if (s[i] === ']') { return { list: items, end: i + 1 }; }
        if (s[i] !== ',') { break; }
        i++;
        sp();
        if (s[i] === ']' || s[i] === ',') { break; }
      }
      unreadable(lineNo(at), 'a list in [ ] should hold IDs separated by commas and end with ]');
    }

    // A literal (|) or folded (>) block: the text on the lines below, indented.
    function block(i, parent) {
      var s = lines[at], start = lineNo(at), style = s[i], m = /^([|>])([-+]?)$/.exec(s.slice(i).replace(/ +(#.*)?$/, ''));
      if (!m) { unreadable(start); }
      var chomp = m[2], l = at + 1, blankMax = 0;
      while (l < lines.length && /^ *$/.test(lines[l])) { blankMax = Math.max(blankMax, lines[l].length); l++; }
      if (l >= lines.length) { unreadable(start, 'the text of a | or > block should be on the lines below it'); }
      var width = indent(l);
      if (width <= parent || blankMax > width) { unreadable(start); }
      var body = [];
      for (l = at + 1; l < lines.length; l++) {
        var blank = /^ *$/.test(lines[l]);
        if (blank) {
          if (lines[l].length > width) { unreadable(lineNo(l)); }
          body.push(null);
          continue;
        }
        if (indent(l) < width) {
          if (indent(l) > parent) { unreadable(lineNo(l)); }
          break;
        }
        body.push(lines[l].slice(width));
      }
      var trailing = 0;
      while (body.length && body[body.length - 1] === null) { body.pop(); trailing++; }
      // The block's last line break, unless the text ends on its last line (the answers are trimmed anyway).
      var lastBreak = l < lines.length || endsWithBreak || trailing > 0;
      var out = '';
      body.forEach(function (t, k) {
        if (k > 0) {
          var prev = body[k - 1];
          // Folding: a single break between two lines of text is a space; a blank line is a break.
          var before = lastText(body, k);
          if (t === null) {
            out += '\n';
          } else if (style === '>' && prev !== null && prev[0] !== ' ' && t[0] !== ' ') {
            out += ' ';
          } else if (!(style === '>' && prev === null && t[0] !== ' ' && before >= 0 && body[before][0] !== ' ')) {
            // (between two lines of text in a > block, blank lines are the only breaks)
            out += '\n';
          }
        }
        if (t !== null) { out += t; }
      });
      if (chomp !== '-' && lastBreak) { out += '\n'; }
      if (chomp === '+') { out += '\n'.repeat(trailing); }
      at = l;
      return { text: out, line: start };
    }
    // The last line of text before line k of a block, or -1.
    function lastText(body, k) {
      var j = k - 1;
      while (j >= 0 && body[j] === null) { j--; }
      return j;
    }

    at = next(0);
    if (at >= lines.length) { fail('The file has no answers in it.'); }
    if (indent(at) !== 0) { unreadable(lineNo(at), 'the first answer should start at the beginning of the line'); }
    var root = mapping(0, 0, 1);
    if (next(at) < lines.length) { unreadable(lineNo(next(at))); }
    return root;
  }

  function parseAnswers(text, firstLine) {
    return /^\s*[{\[]/.test(text) ? parseJSON(text, firstLine) : parseYAML(text, firstLine);
  }

  // ---- Checking the answers, as the collector's ResponseValidator does ----------------------------

  var MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
  var MONTH_LONG = MONTH_NAMES.map(function (m) { return m[0].toUpperCase() + m.slice(1); });

  function daysIn(m, y) { return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].indexOf(m) >= 0 ? 30 : 31; }
  function day(y, m, d) { return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(m, y) && y >= 1900 && y <= 2999 ? { year: y, month: m, day: d } : null; }
  function monthOf(w) {
    w = w.toLowerCase();
    if (w.length < 3) { return 0; }
    for (var i = 0; i < 12; i++) { if (MONTH_NAMES[i].indexOf(w) === 0 || (w === 'sept' && i === 8)) { return i + 1; } }
    return 0;
  }

  // The dates the collector reads (FlexibleDate): 2027-01-31, 31/01/2027, 31 January 2027, January 2027.
  function parseDate(raw) {
    var t = trimAll(raw), m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    if (m) { return day(+m[1], +m[2], +m[3]); }
    var seps = ['/', '.', '-'];
    for (var k = 0; k < 3; k++) {
      var p = t.split(seps[k]);
      if (p.length === 3 && p[2].length === 4 && p[0].length <= 2 && p[1].length <= 2 && p.every(function (x) { return /^\d+$/.test(x); })) {
        return day(+p[2], +p[1], +p[0]);
      }
    }
    var words = t.replace(/,/g, ' ').split(' ').filter(Boolean);
    if (words.length === 3 && monthOf(words[1]) && /^\d{4}$/.test(words[2])) {
      var d = words[0].toLowerCase().replace(/st|nd|rd|th/g, '');
      if (/^[+-]?\d+$/.test(d)) { return day(+words[2], monthOf(words[1]), +d); }
    }
    if (words.length === 2 && monthOf(words[0]) && /^\d{4}$/.test(words[1])) {
      return day(+words[1], monthOf(words[0]), daysIn(monthOf(words[0]), +words[1]));
    }
    return null;
  }

  function iso(d) { return d ? d.year + '-' + (d.month < 10 ? '0' : '') + d.month + '-' + (d.day < 10 ? '0' : '') + d.day : ''; }

  // The collector's trimming (Foundation's whitespaces, and newlines): JavaScript's trim() would
  // also take U+FEFF, and leave U+0085.
  function trimAll(s) { return s.replace(/^[\t\n\u000b\u000c\r\u0085\u2028\u2029\p{Zs}]+|[\t\n\u000b\u000c\r\u0085\u2028\u2029\p{Zs}]+$/gu, ''); }
  function trimWS(s) { return s.replace(/^[\t\p{Zs}]+|[\t\p{Zs}]+$/gu, ''); }
  // The invisible characters the collector leaves out (with a warning).
  function printable(s) { return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g, ''); }
  function field(node, name) {
    var found = null;
    (node.fields || []).forEach(function (e) { if (e.name === name && !found) { found = e.value; } });
    return found;
  }
  function isText(v) { return v && typeof v.text === 'string'; }
  function quote(s) { return '\u2018' + s + '\u2019'; }
  function listOf(ids) { return ids.length === 1 ? ids[0] : ids.slice(0, -1).join(', ') + ' and ' + ids[ids.length - 1]; }

  var ASKED = { organisation: 'the name of your organisation', team: 'the name of your section and team',
                team_manager: 'the team manager', contact: 'your contact details', submitted: 'the date it was sent',
                notes: 'the notes', briefing: 'the briefing it answers' };

  // Returns { response, problems, notes }: the answers in the form's terms, every reason the collector
  // would refuse the file (in plain words), and things worth telling the team about an accepted file.
  function check(root, body, briefing, ids) {
    var problems = [], notices = [];
    if (!root.fields) { return { problems: ['The file does not hold a response: its answers should start with \u201cbriefing:\u201d, \u201corganisation:\u201d and \u201cteam:\u201d.'] }; }
    function text(name, required) {
      var v = field(root, name);
      if (!v) {
        if (required) { problems.push('The file does not give ' + ASKED[name] + ' (there is no \u201c' + name + ':\u201d line).'); }
        return '';
      }
      if (!isText(v)) { problems.push('In the file, ' + ASKED[name] + ' (\u201c' + name + ':\u201d) is a list, not text.'); return ''; }
      var t = trimAll(printable(v.text));
      if (!t && required) { problems.push('The file does not give ' + ASKED[name] + ' (\u201c' + name + ':\u201d is empty).'); }
      return t;
    }
    var named = text('briefing', true).toLowerCase();
    var r = { organisation: text('organisation', true).normalize('NFC'), team: text('team', true).normalize('NFC'),
              team_manager: text('team_manager', false), contact: text('contact', false) };
    var sent = text('submitted', false);
    if (sent && !parseDate(sent)) { problems.push('The date the file was sent, ' + quote(sent) + ', is not a date the partnership can read: write it like 20/11/2026.'); }
    var other = named && named !== briefing;
    if (other) {
      problems.unshift('This file is a response to another briefing (' + quote(named) + '), not to this one. Open it on that briefing\u2019s response page.');
    }
    var known = named === briefing ? ids : null;
    var removed = [];

    function items(v, name) {
      if (!v) { return []; }
      if (v.list) { return v.list; }
      if (isText(v) && !trimWS(v.text)) { return []; }
      problems.push('In the file, ' + (name === 'learning' ? 'the learning (\u201clearning:\u201d)' : 'the action plan (\u201cactions:\u201d)') + ' should be a list, each entry starting with \u201c- \u201d.');
      return [];
    }
    function refsOf(v, owner) {
      if (!v) { return []; }
      var raw;
      if (v.list) { raw = v.list; } else if (isText(v)) { raw = v.text.split(/[,; ]/).filter(Boolean).map(function (t) { return { text: t }; }); } else {
        problems.push(owner + ' in the file: its IDs (\u201crefs:\u201d) should be a list, like [F2, R4].');
        return [];
      }
      var out = [];
      raw.forEach(function (item) {
        if (!isText(item)) { return; }
        var id = trimWS(item.text).toUpperCase();
        if (!id || id === '&' || id === 'AND') { return; }
        if (known && known.indexOf(id) < 0 && removed.indexOf(id) < 0) { removed.push(id); }
        out.push(id);
      });
      return out;
    }

    var learning = [];
    items(field(root, 'learning'), 'learning').forEach(function (entry, k) {
      var n = k + 1;
      if (!entry.fields) { problems.push('Learning point ' + n + ' in the file should give the IDs it is about (\u201crefs:\u201d) and your discussion (\u201cdiscussion:\u201d).'); return; }
      var refs = refsOf(field(entry, 'refs'), 'Learning point ' + n);
      var d = field(entry, 'discussion');
      var discussion = isText(d) ? trimAll(printable(d.text)) : '';
      if (!refs.length && !discussion) { problems.push('Learning point ' + n + ' in the file is empty: give the IDs it is about and your discussion, or delete it.'); return; }
      learning.push({ refs: refs, discussion: discussion });
    });

    var actions = [];
    items(field(root, 'actions'), 'actions').forEach(function (entry, k) {
      var n = k + 1;
      if (!entry.fields) { problems.push('Action ' + n + ' in the file should be a group of answers: what, who, by_when, done_when, worked_when, status.'); return; }
      function answer(name) {
        var v = field(entry, name);
        if (!v) { return ''; }
        if (!isText(v)) { problems.push('Action ' + n + ' in the file: \u201c' + name + ':\u201d is a list, not text.'); return ''; }
        return trimAll(printable(v.text));
      }
      var a = { what: answer('what') };
      if (!a.what) { problems.push('Action ' + n + ' in the file does not say what needs to happen (\u201cwhat:\u201d is missing or empty).'); return; }
      a.who = answer('who'); a.done_when = answer('done_when'); a.worked_when = answer('worked_when'); a.evidence = answer('evidence');
      var status = answer('status'), key = status.toLowerCase().replace(/[_-]/g, ' ').split(' ').filter(Boolean).join(' ');
      a.status = status ? key : 'not started';
      var statusOK = ['not started', 'in progress', 'done'].indexOf(a.status) >= 0;
      if (!statusOK) { problems.push('The progress of action ' + n + ' in the file, ' + quote(status) + ', is not one of: not started, in progress, done.'); }
      a.by_when = answer('by_when');
      a.by_when_date = iso(a.by_when ? parseDate(a.by_when) : null);
      a.refs = refsOf(field(entry, 'refs'), 'Action ' + n);
      if (statusOK) { actions.push(a); }
    });
    var given = ['learning', 'actions'].some(function (name) { var v = field(root, name); return v && v.list && v.list.length; });
    if (!learning.length && !actions.length && !given) { problems.push('The file has no learning points and no actions: it needs at least one of them.'); }
    var notes = [text('notes', false), trimAll(body || '')].filter(Boolean).join('\n\n');
    if (removed.length) {
      problems.push('The file gives answers about ' + listOf(removed) + ', which ' + (removed.length === 1 ? 'this briefing no longer has' : 'this briefing no longer has') +
        ' (it has changed since the file was made). Take ' + (removed.length === 1 ? 'that answer' : 'those answers') + ' out of the file, or fill in the form again.');
    }
    r.learning = learning; r.actions = actions; r.notes = notes; r.submitted = sent; r.submitted_date = iso(sent ? parseDate(sent) : null);
    return { response: problems.length ? null : r, problems: problems, briefing: named };
  }

  // Reads a file's bytes as the collector would: { response, problems, unreadable, briefing }.
  function read(bytes, name, briefing, ids) {
    try {
      var ext = (/\.([^.\/]+)$/.exec(name) || ['', ''])[1].toLowerCase();
      if (ext === 'csv' || ext === 'xlsx') { fail('This form opens the response file it made (.md) or a .json response, not a spreadsheet. Open the .md file you downloaded from this form.'); }
      if (EXTENSIONS.indexOf(ext) < 0) { fail(quote(name) + ' is not a response file. Choose the file you downloaded from this form; its name ends in .md.'); }
      var text = decode(bytes), answers = { yaml: text, body: '', firstLine: 1 };
      if (ext === 'md' || ext === 'markdown') { answers = splitFrontMatter(text); }
      var root = parseAnswers(answers.yaml, answers.firstLine);
      return check(root, answers.body, briefing, ids);
    } catch (e) {
      if (!(e instanceof Problem)) { throw e; }
      return { response: null, problems: [e.message], unreadable: e.unreadable };
    }
  }

  // ---- The form: what the page does with a file ----------------------------------------------------

  // The reader alone, for the tests that hold it against the collector (Tests/site/test_reopen.py).
  window.LearningHubReopen = { read: read };
  var form = window.LearningHubResponseForm;
  var page = document.getElementById('respond-page');
  var input = document.getElementById('reopen-file');
  if (!page || !input) { return; }
  var briefing = page.getAttribute('data-briefing');
  var ids = Array.prototype.map.call(document.querySelectorAll('#learning .checkboxes__input'), function (box) { return box.value; });
  window.LearningHubReopen.briefing = briefing;
  window.LearningHubReopen.ids = ids;
  if (!form) { return; }
  var status = document.getElementById('reopen-status');

  // The answers as the form's draft holds them.
  function draft(r) {
    var refs = {}, order = [], loose = [];
    r.learning.forEach(function (p) {
      if (!p.refs.length) { loose.push(p.discussion); }
      p.refs.forEach(function (id) {
        if (!refs[id]) { refs[id] = { id: id, ticked: true, discussion: '' }; order.push(id); }
        // One discussion of several points is copied to each; two of one point are joined.
        if (p.discussion && refs[id].discussion.indexOf(p.discussion) < 0) { refs[id].discussion += (refs[id].discussion ? '\n\n' : '') + p.discussion; }
      });
    });
    var undated = [];
    var actions = r.actions.map(function (a, k) {
      var d = a.by_when ? parseDate(a.by_when) : null;
      if (a.by_when && !d) { undated.push({ n: k + 1, written: a.by_when }); }
      return { what: a.what, who: a.who, day: d ? String(d.day) : '', month: d ? String(d.month) : '', year: d ? String(d.year) : '',
               done_when: a.done_when, worked_when: a.worked_when, status: a.status, evidence: a.evidence, refs: a.refs };
    });
    var notes = loose.concat(r.notes ? [r.notes] : []).join('\n\n');
    return { form: { fields: { organisation: r.organisation, team: r.team, team_manager: r.team_manager, contact: r.contact, notes: notes },
                     refs: order.map(function (id) { return refs[id]; }), actions: actions },
             undated: undated, notes: notes, loose: loose.length };
  }

  function hasAnswers() {
    var d = form.readForm();
    return Object.keys(d.fields).some(function (k) { return d.fields[k].trim(); }) || d.refs.length > 0 ||
      d.actions.some(function (a) {
        return a.status !== 'not started' || a.refs.length || Object.keys(a).some(function (k) { return typeof a[k] === 'string' && k !== 'status' && a[k].trim(); });
      });
  }

  function showProblems(name, problems) {
    form.clearErrors();
    var first = problems[0];
    form.showError('reopen-file-error', 'The file ' + quote(name) + ' cannot be used: ' + first.charAt(0).toLowerCase() + first.slice(1), [input]);
    // The rest of the reasons, each in the summary too (all lead to the file control).
    problems.slice(1).forEach(function (p) { form.addSummaryItem(p, input); });
    if (problems.length > 1) {
      var more = document.createElement('span');
      more.textContent = ' The other problems are listed at the top of the page.';
      document.getElementById('reopen-file-error').appendChild(more);
    }
    form.showSummary();
    status.textContent = 'Nothing in the form was changed.';
  }

  function longDate(s) {
    var d = s ? parseDate(s) : null;
    return d ? d.day + ' ' + MONTH_LONG[d.month - 1] + ' ' + d.year : '';
  }

  function open(file, bytes) {
    var result = read(bytes, file.name, briefing, ids);
    if (!result.response) { showProblems(file.name, result.problems); return; }
    if (hasAnswers() && !window.confirm('Replace the answers in this form with the ones in ' + file.name + '? What is in the form now will be lost.')) {
      status.textContent = 'Nothing in the form was changed.';
      return;
    }
    var d = draft(result.response);
    form.clearErrors();
    // (A "downloaded" note from before is about the answers being replaced.)
    document.getElementById('downloaded').hidden = true;
    form.writeForm(d.form);
    form.save();
    var sent = longDate(result.response.submitted);
    var said = ['The answers from ' + file.name + (sent ? ' (sent on ' + sent + ')' : '') + ' are in the form. Change what has changed, such as the progress of each action, then download the response file again and send it.'];
    d.undated.forEach(function (u) {
      said.push('Action ' + u.n + '\u2019s \u201cBy when?\u201d was ' + quote(u.written) + ', which is not a date: enter the date.');
    });
    if (d.notes) { said.push('The file\u2019s notes are kept and sent again with your response.'); }
    status.textContent = said.join(' ');
  }

  // Choosing a file is not an answer: the form's own listeners (which save the draft) do not hear it.
  input.addEventListener('input', function (event) { event.stopPropagation(); });
  input.addEventListener('change', function (event) {
    event.stopPropagation();
    var file = input.files && input.files[0];
    if (!file) { return; }
    status.textContent = '';
    file.arrayBuffer().then(function (buffer) {
      open(file, new Uint8Array(buffer));
    }, function () {
      showProblems(file.name, ['The browser could not read the file. Try choosing it again.']);
    }).then(function () {
      // Choosing the same file again (once it is put right) is a change too.
      input.value = '';
    });
  });
})();
