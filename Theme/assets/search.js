/* Learning Hub search: results as you type, from the index the builder writes to search/data/.
   Plain JavaScript, no library, no eval. It reads the small manifest first, then only the term shards
   its words need and the document shards of the results on screen.
   The tokeniser and the Porter stemmer here must match Sources/LearningHubCore/Search/SearchTokenizer.swift. */
(function () {
  'use strict';

  // ---- Words and stems (the same rules as SearchTokenizer.swift) ----------------------------------

  var STOP = new Set();
  var APOSTROPHES = "'\u2019\u2018\u02bc";

  function fold(text) {
    return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  function isLetter(c) { return c >= 'a' && c <= 'z'; }
  function isDigit(c) { return c >= '0' && c <= '9'; }
  function isIDSoFar(w) { return /^[fr][0-9][0-9.]*$/.test(w) && isDigit(w[w.length - 1]); }

  function words(text) {
    var s = fold(text), out = [], cur = '';
    function flush() { if (cur.length > 1 && cur.length <= 40) out.push(cur); cur = ''; }
    for (var i = 0; i < s.length; i++) {
      var c = s[i], next = s[i + 1] || '';
      if (isLetter(c) || isDigit(c)) cur += c;
      else if (APOSTROPHES.indexOf(c) >= 0 && cur && isLetter(cur[cur.length - 1]) && isLetter(next)) continue;
      else if ((c === '.' || c === '-') && isIDSoFar(cur) && isDigit(next)) cur += '.';
      else flush();
    }
    flush();
    return out;
  }

  function term(word) {
    if (STOP.has(word)) return null;
    return /^[a-z]+$/.test(word) ? stem(word) : word;
  }

  // Martin Porter's algorithm, step for step as in his C version (and PorterStemmer in Swift).
  function stem(word) {
    if (word.length <= 2) return word;
    var b = word.split(''), k = b.length - 1, j = 0;
    function cons(i) {
      var c = b[i];
      if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
      if (c === 'y') return i === 0 ? true : !cons(i - 1);
      return true;
    }
    function m() {
      var n = 0, i = 0;
      for (;;) { if (i > j) return n; if (!cons(i)) break; i++; }
      i++;
      for (;;) {
        for (;;) { if (i > j) return n; if (cons(i)) break; i++; }
        i++; n++;
        for (;;) { if (i > j) return n; if (!cons(i)) break; i++; }
        i++;
      }
    }
    function vowelInStem() { for (var i = 0; i <= j; i++) if (!cons(i)) return true; return false; }
    function doubleC(i) { return i >= 1 && b[i] === b[i - 1] && cons(i); }
    function cvc(i) {
      if (i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2)) return false;
      return b[i] !== 'w' && b[i] !== 'x' && b[i] !== 'y';
    }
    function ends(s) {
      var l = s.length;
      if (s[l - 1] !== b[k] || l > k + 1) return false;
      for (var n = 0; n < l; n++) if (b[k - l + 1 + n] !== s[n]) return false;
      j = k - l;
      return true;
    }
    function setTo(s) { b = b.slice(0, j + 1).concat(s.split('')); k = b.length - 1; }
    function r(s) { if (m() > 0) setTo(s); }
    function rules(list) {
      for (var n = 0; n < list.length; n += 2) if (ends(list[n])) { r(list[n + 1]); return; }
    }
    // Step 1ab: plurals, -ed, -ing.
    if (b[k] === 's') {
      if (ends('sses')) k -= 2; else if (ends('ies')) setTo('i'); else if (b[k - 1] !== 's') k--;
    }
    if (ends('eed')) { if (m() > 0) k--; }
    else if ((ends('ed') || ends('ing')) && vowelInStem()) {
      k = j;
      if (ends('at')) setTo('ate'); else if (ends('bl')) setTo('ble'); else if (ends('iz')) setTo('ize');
      else if (doubleC(k)) { k--; if (b[k] === 'l' || b[k] === 's' || b[k] === 'z') k++; }
      else if (m() === 1 && cvc(k)) setTo('e');
    }
    if (k > 0) {
      // Step 1c.
      if (ends('y') && vowelInStem()) b[k] = 'i';
      // Step 2.
      switch (b[k - 1]) {
        case 'a': rules(['ational', 'ate', 'tional', 'tion']); break;
        case 'c': rules(['enci', 'ence', 'anci', 'ance']); break;
        case 'e': rules(['izer', 'ize']); break;
        case 'l': rules(['bli', 'ble', 'alli', 'al', 'entli', 'ent', 'eli', 'e', 'ousli', 'ous']); break;
        case 'o': rules(['ization', 'ize', 'ation', 'ate', 'ator', 'ate']); break;
        case 's': rules(['alism', 'al', 'iveness', 'ive', 'fulness', 'ful', 'ousness', 'ous']); break;
        case 't': rules(['aliti', 'al', 'iviti', 'ive', 'biliti', 'ble']); break;
        case 'g': rules(['logi', 'log']); break;
      }
      // Step 3.
      switch (b[k]) {
        case 'e': rules(['icate', 'ic', 'ative', '', 'alize', 'al']); break;
        case 'i': rules(['iciti', 'ic']); break;
        case 'l': rules(['ical', 'ic', 'ful', '']); break;
        case 's': rules(['ness', '']); break;
      }
      // Step 4.
      if (k >= 1) {
        var matched = false;
        switch (b[k - 1]) {
          case 'a': matched = ends('al'); break;
          case 'c': matched = ends('ance') || ends('ence'); break;
          case 'e': matched = ends('er'); break;
          case 'i': matched = ends('ic'); break;
          case 'l': matched = ends('able') || ends('ible'); break;
          case 'n': matched = ends('ant') || ends('ement') || ends('ment') || ends('ent'); break;
          case 'o': matched = (ends('ion') && j >= 0 && (b[j] === 's' || b[j] === 't')) || ends('ou'); break;
          case 's': matched = ends('ism'); break;
          case 't': matched = ends('ate') || ends('iti'); break;
          case 'u': matched = ends('ous'); break;
          case 'v': matched = ends('ive'); break;
          case 'z': matched = ends('ize'); break;
        }
        if (matched && m() > 1) k = j;
      }
      // Step 5.
      j = k;
      if (b[k] === 'e') { var a = m(); if (a > 1 || (a === 1 && !cvc(k - 1))) k--; }
      if (b[k] === 'l' && doubleC(k) && m() > 1) k--;
    }
    return b.slice(0, k + 1).join('');
  }

  // Exposed for the site's browser tests, which check this tokeniser against the builder's.
  window.learningHubSearch = { words: words, term: term, stem: stem };

  var container = document.getElementById('search');
  if (!container || !window.fetch || !window.URLSearchParams || !window.TextDecoder) return;

  // ---- The index files -----------------------------------------------------------------------------

  var base = container.getAttribute('data-index');
  var root = container.getAttribute('data-root');
  var manifest = null;
  var cache = new Map();   // URL -> promise
  var PAGE = 10;
  var PREFIX_MATCH = 0.6;  // a word completed from what was typed counts less than the word itself

  function load(path, kind) {
    var url = base + path + (manifest ? '?v=' + manifest.version : '');
    if (!cache.has(url)) {
      cache.set(url, fetch(url, manifest ? {} : { cache: 'no-cache' }).then(function (response) {
        if (!response.ok) throw new Error(url + ': ' + response.status);
        return kind === 'json' ? response.json() : response.arrayBuffer();
      }).catch(function (error) { cache.delete(url); throw error; }));
    }
    return cache.get(url);
  }

  function loadManifest() {
    if (manifest) return Promise.resolve(manifest);
    return load('manifest.json', 'json').then(function (m) {
      manifest = m;
      m.stop_words.forEach(function (w) { STOP.add(w); });
      return m;
    });
  }

  var decoder = new TextDecoder();
  var shards = new Map(); // shard number -> parsed shard

  function parseShard(buffer) {
    var bytes = new Uint8Array(buffer), i = 0, terms = [], entries = [];
    function varint() {
      var value = 0, scale = 1, x;
      do { x = bytes[i++]; value += (x & 127) * scale; scale *= 128; } while (x & 128);
      return value;
    }
    while (i < bytes.length) {
      var length = varint();
      terms.push(decoder.decode(bytes.subarray(i, i + length)));
      i += length;
      var count = varint(), size = varint();
      entries.push({ count: count, start: i, end: i + size });
      i += size;
    }
    return { bytes: bytes, terms: terms, entries: entries };
  }

  function shardNumber(t) {
    var list = manifest.term_shards, lo = 0, hi = list.length - 1;
    if (!list.length || t < list[0]) return -1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (list[mid] <= t) lo = mid; else hi = mid - 1; }
    return lo;
  }

  function loadShard(n) {
    if (shards.has(n)) return Promise.resolve(shards.get(n));
    return load('t/' + n + '.bin', 'bin').then(function (buffer) {
      var shard = shards.get(n) || parseShard(buffer);
      shards.set(n, shard);
      return shard;
    });
  }

  // The shards that may hold `t` (and, for a prefix, the words that start with it, up to a budget).
  function shardsFor(t, prefix) {
    if (!manifest.term_shards.length) return [];
    var first = shardNumber(t);
    if (first < 0) first = 0;
    var list = [first];
    if (prefix) {
      for (var n = first + 1; n < manifest.term_shards.length && list.length < manifest.prefix_shards; n++) {
        if (manifest.term_shards[n].lastIndexOf(t, 0) !== 0) break;
        list.push(n);
      }
    }
    return list;
  }

  function lowerBound(terms, t) {
    var lo = 0, hi = terms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < t) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // [{term, entry, shard}] for the word, exactly or as a prefix, in the loaded shards.
  function matchesIn(list, t, prefix) {
    var found = [];
    list.forEach(function (shard) {
      for (var n = lowerBound(shard.terms, t); n < shard.terms.length; n++) {
        var candidate = shard.terms[n];
        if (candidate === t || (prefix && candidate.lastIndexOf(t, 0) === 0)) found.push({ term: candidate, shard: shard, entry: shard.entries[n] });
        else break;
      }
    });
    return found;
  }

  function lookup(t, prefix) {
    return Promise.all(shardsFor(t, prefix).map(loadShard)).then(function (list) { return matchesIn(list, t, prefix); });
  }

  // ---- A query --------------------------------------------------------------------------------------

  // The words of a query; the last one, while it is still being typed, also matches the words it starts.
  function parse(text) {
    var ws = words(text), typing = /[a-z0-9]$/.test(fold(text)), tokens = [];
    ws.forEach(function (w, n) {
      var t = term(w);
      if (t === null) return;
      tokens.push({ word: w, term: t, prefix: typing && n === ws.length - 1 });
    });
    return tokens;
  }

  // The terms a token matches, with their postings: [{term, shard, entry}]. Fetches shards as needed.
  function prepare(token) {
    return lookup(token.term, token.prefix).then(function (found) {
      if (found.length || !token.prefix) return found;
      // "meeti" is no stem and no stem starts with it: try what was typed, a letter or two shorter.
      var tries = [token.word.slice(0, -1), token.word.slice(0, -2)].filter(function (p) { return p.length >= 3; });
      return tries.reduce(function (chain, p) {
        return chain.then(function (got) { return got.length ? got : lookup(p, true); });
      }, Promise.resolve([]));
    }).then(function (found) {
      token.found = found;
      token.matched = found.map(function (f) { return f.term; });
      return token;
    });
  }

  // For one token: the weight of every document (-1: no match), the best over the terms it matches,
  // and the list of the documents it matches.
  function weigh(token) {
    var weights = new Float32Array(manifest.documents).fill(-1), docs = [], completions = 0;
    token.found.forEach(function (f) { if (f.term !== token.term) completions += f.entry.count; });
    token.found.forEach(function (f) {
      // The typed word's own term is weighed by how rare it is; the words it completes, all alike.
      var exact = f.term === token.term, factor = exact ? 1 : PREFIX_MATCH;
      var idf = Math.log(1 + manifest.documents / Math.max(1, exact ? f.entry.count : completions));
      var bytes = f.shard.bytes, i = f.entry.start, end = f.entry.end, doc = 0;
      while (i < end) {
        var value = 0, scale = 1, x;
        do { x = bytes[i++]; value += (x & 127) * scale; scale *= 128; } while (x & 128);
        doc += Math.floor(value / 16);
        var w = (value % 16) * factor * idf, had = weights[doc];
        if (had < 0) docs.push(doc);
        if (w > had) weights[doc] = w;
      }
    });
    return { weights: weights, docs: docs };
  }

  function kindOf(doc) {
    for (var n = 0; n < manifest.kinds.length; n++) {
      var k = manifest.kinds[n];
      if (doc >= k.start && doc < k.start + k.count) return k;
    }
    return null;
  }

  function themeFilter(slug) {
    var n = manifest.themes.findIndex(function (t) { return t.slug === slug; });
    if (n < 0) return Promise.resolve(null);
    return load('f/' + n + '.bin', 'bin').then(function (buffer) {
      var bytes = new Uint8Array(buffer), i = 0, doc = 0, set = new Set();
      while (i < bytes.length) {
        var value = 0, scale = 1, x;
        do { x = bytes[i++]; value += (x & 127) * scale; scale *= 128; } while (x & 128);
        doc += value;
        set.add(doc);
      }
      return set;
    });
  }

  // Fetches what a query needs: the term shards of its words, and the theme filter.
  function fetchFor(tokens, filters) {
    return Promise.all([Promise.all(tokens.map(prepare)), filters.theme ? themeFilter(filters.theme) : null]);
  }

  // Every matching document, best first (an array of document numbers). Synchronous: everything is fetched.
  // Sorted as numbers, score and document packed into one (ties: the lower document number first).
  var SLOTS = 2097152;  // more than any hub's documents
  function rank(tokens, filters, onTheme) {
    var lists = tokens.map(weigh).sort(function (a, b) { return a.docs.length - b.docs.length; });
    var allowed = null;
    if (filters.kinds.length) {
      allowed = new Uint8Array(manifest.documents);
      manifest.kinds.forEach(function (k) { if (filters.kinds.indexOf(k.kind) >= 0) allowed.fill(1, k.start, k.start + k.count); });
    }
    var first = lists[0], keys = new Float64Array(first.docs.length), count = 0;
    for (var d = 0; d < first.docs.length; d++) {
      var doc = first.docs[d], score = first.weights[doc], n;
      for (n = 1; n < lists.length; n++) {
        var w = lists[n].weights[doc];
        if (w < 0) break;
        score += w;
      }
      if (n < lists.length || score <= 0) continue;  // a word missing; or only the briefing's title matched
      if (allowed && !allowed[doc]) continue;
      if (onTheme && !onTheme.has(doc)) continue;
      keys[count++] = Math.round(score * 1000) * SLOTS + (SLOTS - 1 - doc);
    }
    keys = keys.subarray(0, count).sort();
    var ranked = new Uint32Array(count);
    for (var r = 0; r < count; r++) ranked[r] = SLOTS - 1 - (keys[count - 1 - r] % SLOTS);
    return ranked;
  }

  function documentOf(doc) {
    var k = kindOf(doc), n = Math.floor((doc - k.start) / k.per_shard);
    return load('m/' + k.kind + '-' + n + '.json', 'json').then(function (list) {
      var d = list[(doc - k.start) % k.per_shard];
      return { kind: k, title: d[0], url: d[1], context: d[2], excerpt: d[3], themes: d[4], id: d[5] };
    });
  }

  // ---- Showing results --------------------------------------------------------------------------------

  var form = document.getElementById('search-form');
  var input = document.getElementById('search-q');
  var themeSelect = document.getElementById('search-theme');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var fallback = document.getElementById('search-fallback');
  var current = { results: new Uint32Array(0), shown: 0, tokens: [] };
  var sequence = 0;

  function kindBoxes() { return Array.prototype.slice.call(form.querySelectorAll('input[name="kind"]')); }

  function filters() {
    return {
      kinds: kindBoxes().filter(function (box) { return box.checked; }).map(function (box) { return box.value; }),
      theme: themeSelect.value
    };
  }

  // Does a word of the text match the query? Its stem is a query term, or starts with what is being typed.
  function matcher(tokens) {
    return function (word) {
      var t = term(word);
      return tokens.some(function (token) {
        if (t === null) return false;
        if (t === token.term || (token.matched && token.matched.indexOf(t) >= 0)) return true;
        return token.prefix && (t.lastIndexOf(token.term, 0) === 0 || word.lastIndexOf(token.word, 0) === 0);
      });
    };
  }

  // Appends `text` to `parent` with each matching word in a <mark>; never as HTML.
  function appendMarked(parent, text, matches) {
    var pattern = /[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)*(?:[.-]\d+)*/gu, last = 0, m;
    while ((m = pattern.exec(text)) !== null) {
      if (!words(m[0]).some(matches)) continue;
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement('mark');
      mark.textContent = m[0];
      parent.appendChild(mark);
      last = m.index + m[0].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // About 30 words around the first match.
  function excerptOf(text, matches) {
    var pieces = text.split(/\s+/), at = pieces.findIndex(function (p) { return words(p).some(matches); });
    if (at < 0) at = 0;
    var from = Math.max(0, at - 10), to = Math.min(pieces.length, from + 30);
    return (from > 0 ? '… ' : '') + pieces.slice(from, to).join(' ') + (to < pieces.length ? ' …' : '');
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function render(d, matches) {
    var li = element('li', 'search-result search-result--' + d.kind.kind);
    var heading = element('h3', 'search-result__title');
    var link = element('a');
    link.href = root + d.url;
    if (d.id) link.appendChild(element('span', 'search-result__id', d.id));
    if (d.id) link.appendChild(document.createTextNode(' '));
    appendMarked(link, d.title, matches);
    heading.appendChild(link);
    li.appendChild(heading);
    // Sections and actions have their briefing's themes: the briefing's name says enough.
    var themes = ['briefing', 'finding', 'recommendation'].indexOf(d.kind.kind) < 0 ? [] :
      d.themes.map(function (n) { return manifest.themes[n] && manifest.themes[n].name; }).filter(Boolean);
    var meta = [d.kind.label, d.context].filter(Boolean).join(' · ');
    li.appendChild(element('p', 'search-result__meta', meta + (themes.length ? ' · Themes: ' + themes.join(', ') : '')));
    if (d.excerpt) {
      var p = element('p', 'search-result__excerpt');
      appendMarked(p, excerptOf(d.excerpt, matches), matches);
      li.appendChild(p);
    }
    return li;
  }

  function showMore(mine, moveFocus) {
    var slice = Array.prototype.slice.call(current.results.subarray(current.shown, current.shown + PAGE));
    return Promise.all(slice.map(documentOf)).then(function (docs) {
      if (mine !== sequence) return;
      var matches = matcher(current.tokens), firstNew = null;
      docs.forEach(function (d) {
        var li = render(d, matches);
        list.appendChild(li);
        firstNew = firstNew || li.querySelector('a');
      });
      current.shown += docs.length;
      list.hidden = current.shown === 0;
      more.hidden = current.shown >= current.results.length;
      if (moveFocus && firstNew) firstNew.focus();
    });
  }

  function describe(count, text, f) {
    var what = count === 1 ? '1 result' : count.toLocaleString('en-GB') + ' results';
    var parts = [what + ' for \u2018' + text.trim() + '\u2019'];
    if (f.kinds.length) {
      parts.push('showing only ' + f.kinds.map(function (k) {
        var box = document.getElementById('search-kind-' + k);
        return box && box.labels[0] ? box.labels[0].textContent.toLowerCase() : k;
      }).join(', '));
    }
    if (f.theme) parts.push('on the theme ' + themeSelect.options[themeSelect.selectedIndex].text);
    return parts.join(', ');
  }

  function run() {
    var text = input.value, f = filters(), mine = ++sequence, started = performance.now(), timing = {};
    syncAddress(text, f);
    if (!words(text).length) return clear(mine, text);
    return loadManifest().then(function () {
      var tokens = parse(text);  // after the manifest: it has the stop words
      if (!tokens.length) return clear(mine, text);
      return fetchFor(tokens, f).then(function (got) {
        if (mine !== sequence) return;
        var ranked = performance.now();
        timing.fetch = ranked - started;
        var results = rank(tokens, f, got[1]);
        timing.rank = performance.now() - ranked;
        current = { results: results, shown: 0, tokens: tokens };
        list.textContent = '';
        return showMore(mine, false).then(function () {
          if (mine !== sequence) return;
          status.textContent = results.length ? describe(results.length, text, f)
            : 'No results for \u2018' + text.trim() + '\u2019' + (f.kinds.length || f.theme ? ' with these filters' : '') +
              '. Check the spelling, try fewer words, or browse the A to Z index.';
          timing.total = performance.now() - started;
          timing.query = text;
          timing.results = results.length;
          window.learningHubSearch.last = timing;
          container.setAttribute('data-state', 'done');
        });
      });
    }).catch(function () {
      if (mine !== sequence) return;
      fallback.hidden = false;
      status.textContent = 'Search could not load its index. Try again, or use the A to Z index.';
      container.setAttribute('data-state', 'error');
    });
  }

  function clear(mine, text) {
    if (mine !== sequence) return;
    current = { results: new Uint32Array(0), shown: 0, tokens: [] };
    list.textContent = '';
    list.hidden = true;
    more.hidden = true;
    var common = words(text).filter(function (w) { return STOP.has(w); });
    status.textContent = !text.trim() ? '' : common.length
      ? '\u2018' + common.join(' ') + '\u2019 ' + (common.length === 1 ? 'is' : 'are') + ' too common to search for. Try other words.'
      : 'Type a longer word to search.';
    container.setAttribute('data-state', 'done');
  }

  // The address keeps the query and filters, so results can be shared and survive a reload.
  function syncAddress(text, f) {
    var params = new URLSearchParams();
    if (text) params.set('q', text);
    f.kinds.forEach(function (k) { params.append('kind', k); });
    if (f.theme) params.set('theme', f.theme);
    var query = params.toString();
    history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
  }

  var timer = 0;
  function later() {
    container.setAttribute('data-state', 'busy');
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  }

  fallback.hidden = true;
  var params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  var wanted = params.getAll('kind');
  kindBoxes().forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
  if (params.get('theme') && themeSelect.querySelector('option[value="' + CSS.escape(params.get('theme')) + '"]')) {
    themeSelect.value = params.get('theme');
  }
  input.addEventListener('input', later);
  form.addEventListener('change', function (event) { if (event.target !== input) { clearTimeout(timer); run(); } });
  form.addEventListener('submit', function (event) { event.preventDefault(); clearTimeout(timer); run(); });
  more.addEventListener('click', function () { showMore(sequence, true); });
  if (input.value) run(); else container.setAttribute('data-state', 'done');
})();
