/* The response form of a briefing (briefings/<slug>/respond/): validation in the page (GOV.UK
   error summary pattern), a draft saved in this browser as the user types, action rows added and
   removed, and the response file in the format `learning-hub collect` reads (docs/responses.md).
   Plain JavaScript, no library. Without it the page is a printable blank form. */
(function () {
  'use strict';

  var page = document.getElementById('respond-page');
  var form = document.getElementById('response-form');
  if (!page || !form) { return; }

  var briefing = page.getAttribute('data-briefing');
  var email = page.getAttribute('data-email');
  var baseSubject = page.getAttribute('data-subject');
  // One draft per form, whether the page was opened as .../respond/ or .../respond/index.html.
  var storageKey = 'learning-hub:response:' + location.pathname.replace(/index\.html$/, '');
  var actionsBox = document.getElementById('actions');
  var summary = document.getElementById('error-summary');
  var summaryList = document.getElementById('error-summary-list');
  var draftStatus = document.getElementById('draft-status');
  var downloaded = document.getElementById('downloaded');
  var emailLink = document.getElementById('email-link');
  var baseTitle = document.title;
  // `notes` is a hidden field: the notes of a response file reopened in the form (reopen.js), sent again.
  var TOP_FIELDS = ['organisation', 'team', 'team_manager', 'contact', 'notes'];
  var ACTION_FIELDS = ['what', 'who', 'day', 'month', 'year', 'done_when', 'worked_when', 'evidence'];
  var MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  // The collector refuses files over 1 MiB; keep clear of it.
  var MAX_FILE_BYTES = 1000000;
  var storageFailed = false;

  document.documentElement.classList.add('js-enabled');
  // The page ships the button as type="button", so that without this script pressing Enter in a
  // field does not send the answers (contact details too) to the server in the address.
  byId('download').type = 'submit';
  Array.prototype.forEach.call(document.querySelectorAll('.js-only'), function (el) { el.hidden = false; });
  Array.prototype.forEach.call(document.querySelectorAll('.no-js-only'), function (el) { el.hidden = true; });

  // ---- Small helpers --------------------------------------------------------------------------

  function byId(id) { return document.getElementById(id); }
  // What the user typed, as the file will hold it: line ends as \n, and no control characters
  // (a paste from another program can carry them; they mean nothing on a web page).
  function value(el) {
    return el ? el.value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]/g, '').trim() : '';
  }
  function checkboxes() { return Array.prototype.slice.call(form.querySelectorAll('.checkboxes__input:not([data-field])')); }
  function rows() { return Array.prototype.slice.call(actionsBox.querySelectorAll('[data-action]')); }
  function field(row, name) { return row.querySelector('[data-field="' + name + '"]'); }
  function discussionFor(box) { return byId('discussion-' + box.id.slice('ref-'.length)); }

  // ---- Findings and recommendations: each ticked one reveals its discussion box ----------------

  function syncConditionals() {
    var any = false;
    checkboxes().forEach(function (box) {
      var panel = byId('conditional-' + box.id);
      box.setAttribute('aria-controls', panel.id);
      panel.classList.toggle('checkboxes__conditional--hidden', !box.checked);
      box.closest('.checkboxes__item').classList.toggle('checkboxes__item--ticked', box.checked);
      any = any || box.checked;
    });
    // Printing a filled form shows only what the team chose, and no heading over nothing.
    form.classList.toggle('response-form--has-refs', any);
    Array.prototype.forEach.call(form.querySelectorAll('.checkbox-group'), function (group) {
      group.classList.toggle('checkbox-group--none-ticked', !group.querySelector('.checkboxes__input:checked'));
    });
  }

  // ---- Action rows ------------------------------------------------------------------------------

  // Each action can cite the findings and recommendations it answers: a box for each, copied from
  // the learning boxes above (the rows are the same on every briefing's page, so they come empty).
  function refBoxes(row) { return Array.prototype.slice.call(row.querySelectorAll('[data-field="refs"]')); }
  rows().forEach(function (row, index) {
    var list = row.querySelector('[data-refs]');
    checkboxes().forEach(function (box) {
      var item = document.createElement('div');
      item.className = 'checkboxes__item' + (box.closest('.checkboxes__item--nested') ? ' checkboxes__item--nested' : '');
      var input = document.createElement('input');
      input.className = 'checkboxes__input';
      input.type = 'checkbox';
      input.id = 'action-' + (index + 1) + '-' + box.id;
      input.name = 'action-' + (index + 1) + '-refs';
      input.value = box.value;
      input.setAttribute('data-field', 'refs');
      var label = form.querySelector('label[for="' + box.id + '"]').cloneNode(true);
      label.setAttribute('for', input.id);
      item.appendChild(input);
      item.appendChild(label);
      list.appendChild(item);
    });
    if (!checkboxes().length) { list.closest('.action__refs').hidden = true; }
  });

  // A blank row to copy, taken before anything is restored into the page.
  var blankRow = rows()[0].cloneNode(true);

  // Gives a row the ids, names and labels of action n. A new row is numbered before it joins the
  // page: with action 1's names it would join action 1's radio group and untick its answer.
  function numberRow(row, n) {
    var pattern = /action-\d+/g;
    var replacement = 'action-' + n;
    [row].concat(Array.prototype.slice.call(row.querySelectorAll('*'))).forEach(function (el) {
      ['id', 'for', 'name', 'aria-describedby', 'aria-labelledby'].forEach(function (attr) {
        var old = el.getAttribute(attr);
        if (old && pattern.test(old)) { el.setAttribute(attr, old.replace(pattern, replacement)); }
        pattern.lastIndex = 0;
      });
    });
    row.querySelector('.action__heading').textContent = 'Action ' + n;
    row.querySelector('[data-remove]').textContent = 'Remove action ' + n;
  }

  function renumber() {
    var all = rows();
    all.forEach(function (row, index) {
      numberRow(row, index + 1);
      row.querySelector('[data-remove]').parentNode.hidden = all.length === 1;
    });
  }

  function setStatus(row, status) {
    Array.prototype.forEach.call(row.querySelectorAll('[data-field="status"]'), function (radio) {
      radio.checked = radio.value === status;
    });
  }

  function addRow() {
    var row = blankRow.cloneNode(true);
    numberRow(row, rows().length + 1);
    setStatus(row, 'not started');
    actionsBox.appendChild(row);
    renumber();
    addMirrors(row);
    return row;
  }

  function setRowCount(count) {
    var all = rows();
    for (var i = all.length - 1; i >= Math.max(count, 1); i--) { actionsBox.removeChild(all[i]); }
    while (rows().length < count) { addRow(); }
    renumber();
  }

  actionsBox.addEventListener('click', function (event) {
    var button = event.target.closest('[data-remove]');
    if (!button) { return; }
    var row = button.closest('[data-action]');
    var index = rows().indexOf(row);
    var removed = row.querySelector('.action__heading').textContent;
    actionsBox.removeChild(row);
    renumber();
    save();
    // Messages name actions by number: once the numbers change, check again (the focus stays put).
    if (!summary.hidden) { validate(false); }
    announce(removed + ' removed.');
    // Focus the action before it (or the first one), so the user does not start again at the top.
    var target = rows()[Math.max(index - 1, 0)];
    field(target, 'what').focus();
  });

  byId('add-action').addEventListener('click', function () {
    var row = addRow();
    save();
    announce(row.querySelector('.action__heading').textContent + ' added.');
    field(row, 'what').focus();
  });

  // ---- Print: textareas do not grow on paper, so each has a copy of its text shown in print ------

  function addMirrors(root) {
    Array.prototype.forEach.call(root.querySelectorAll('textarea, input.input'), function (box) {
      if (box.closest('.date-input')) { return; }
      var mirror = box.nextElementSibling;
      if (!mirror || !mirror.classList.contains('print-value')) {
        mirror = document.createElement('div');
        mirror.className = 'print-value' + (box.tagName === 'TEXTAREA' ? ' print-value--area' : '');
        mirror.setAttribute('aria-hidden', 'true');
        box.parentNode.insertBefore(mirror, box.nextSibling);
      }
      mirror.textContent = box.value;
    });
  }

  byId('print').addEventListener('click', function () { addMirrors(form); window.print(); });
  window.addEventListener('beforeprint', function () { addMirrors(form); });

  // ---- The draft, saved in this browser --------------------------------------------------------

  function readForm() {
    var data = { fields: {}, refs: [], actions: [] };
    TOP_FIELDS.forEach(function (name) { data.fields[name] = byId(name).value; });
    checkboxes().forEach(function (box) {
      var text = discussionFor(box).value;
      if (box.checked || text) { data.refs.push({ id: box.value, ticked: box.checked, discussion: text }); }
    });
    rows().forEach(function (row) {
      var action = {};
      ACTION_FIELDS.forEach(function (name) { action[name] = field(row, name).value; });
      var status = row.querySelector('[data-field="status"]:checked');
      action.status = status ? status.value : 'not started';
      action.refs = refBoxes(row).filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
      data.actions.push(action);
    });
    return data;
  }

  function text(v) { return typeof v === 'string' ? v : ''; }

  // Puts a saved draft into the page; returns how many of its answers were for findings or
  // recommendations this briefing no longer has. Anything malformed is read as empty.
  function writeForm(data) {
    data = data && typeof data === 'object' ? data : {};
    var fields = data.fields && typeof data.fields === 'object' ? data.fields : {};
    TOP_FIELDS.forEach(function (name) { byId(name).value = text(fields[name]); });
    var refs = {};
    (Array.isArray(data.refs) ? data.refs : []).forEach(function (r) {
      if (r && typeof r.id === 'string') { refs[r.id] = r; }
    });
    var placed = 0;
    checkboxes().forEach(function (box) {
      var saved = refs[box.value];
      if (saved) { placed++; }
      box.checked = !!(saved && saved.ticked === true);
      discussionFor(box).value = saved ? text(saved.discussion) : '';
    });
    var actions = (Array.isArray(data.actions) ? data.actions : []).filter(function (a) { return a && typeof a === 'object'; });
    if (!actions.length) { actions = [{}]; }
    setRowCount(actions.length);
    rows().forEach(function (row, i) {
      ACTION_FIELDS.forEach(function (name) { field(row, name).value = text(actions[i][name]); });
      var status = ['not started', 'in progress', 'done'].indexOf(actions[i].status) >= 0 ? actions[i].status : 'not started';
      setStatus(row, status);
      var cited = Array.isArray(actions[i].refs) ? actions[i].refs : [];
      refBoxes(row).forEach(function (box) { box.checked = cited.indexOf(box.value) >= 0; });
    });
    syncConditionals();
    addMirrors(form);
    updateEmailLink();
    return Object.keys(refs).length - placed;
  }

  function save() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ savedAt: new Date().toISOString(), form: readForm() }));
      if (storageFailed) { storageFailed = false; announce('Your answers are being saved in this browser again.'); }
    } catch (e) {
      storageFailed = true;
      announce('This browser cannot save your answers (its storage is full or switched off). Download the response file before you leave this page.');
    }
  }

  function restore() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(storageKey) || 'null'); } catch (e) { saved = null; }
    var lost = 0;
    try {
      if (!saved || !saved.form) { throw new Error('no draft'); }
      lost = writeForm(saved.form);
    } catch (e) {
      writeForm({});
      return;
    }
    var when = new Date(saved.savedAt);
    var said = isNaN(when.getTime()) ? '' : ' (last changed ' + when.toLocaleString('en-GB', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }) + ')';
    announce('We have put back the answers saved in this browser' + said + '.' + (lost ?
      ' The briefing has changed since: ' + (lost === 1 ? '1 answer was' : lost + ' answers were') +
      ' about findings or recommendations it no longer has. Check the items you ticked.' : ''));
  }

  form.addEventListener('input', function (event) {
    addMirrors(event.target.parentNode);
    save();
    updateEmailLink();
  });
  form.addEventListener('change', function () { syncConditionals(); save(); });

  function announce(text) { draftStatus.textContent = text; }

  byId('clear').addEventListener('click', function () {
    if (!window.confirm('Clear every answer on this form, and the copy saved in this browser? This cannot be undone.')) { return; }
    try { localStorage.removeItem(storageKey); } catch (e) { /* nothing saved */ }
    writeForm({});
    clearErrors();
    downloaded.hidden = true;
    announce('The form has been cleared.');
    byId('organisation').focus();
  });

  // ---- Validation: the GOV.UK error summary and error messages ----------------------------------

  function clearErrors() {
    summary.hidden = true;
    summaryList.textContent = '';
    document.title = baseTitle;
    Array.prototype.forEach.call(form.querySelectorAll('.error-message'), function (p) {
      p.hidden = true;
      p.textContent = '';
      var group = p.closest('.form-group') || p.closest('.fieldset');
      if (group) { group.classList.remove('form-group--error'); }
    });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-describedby]'), function (el) {
      var ids = el.getAttribute('aria-describedby').split(' ').filter(function (id) { return !/-error$/.test(id); });
      el.setAttribute('aria-describedby', ids.join(' '));
    });
    Array.prototype.forEach.call(form.querySelectorAll('.input--error, .textarea--error'), function (el) {
      el.classList.remove('input--error', 'textarea--error');
    });
  }

  // Shows one problem: beside its field (with a hidden "Error:" for screen readers) and in the summary.
  function showError(errorId, message, targets, describe) {
    var p = byId(errorId);
    var hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = 'Error:';
    p.textContent = '';
    p.appendChild(hidden);
    p.appendChild(document.createTextNode(' ' + message));
    p.hidden = false;
    var group = p.closest('.form-group') || p.closest('.fieldset');
    if (group) { group.classList.add('form-group--error'); }
    targets.forEach(function (el) { el.classList.add(el.tagName === 'TEXTAREA' ? 'textarea--error' : 'input--error'); });
    var described = describe || targets[0];
    var ids = (described.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    ids.push(errorId);
    described.setAttribute('aria-describedby', ids.join(' '));
    addSummaryItem(message, targets[0]);
  }

  function requireText(id, message) {
    var el = byId(id);
    if (!value(el)) { showError(id + '-error', message, [el]); return false; }
    return true;
  }

  function isEmptyRow(row) {
    return ACTION_FIELDS.every(function (name) { return !value(field(row, name)); });
  }

  // The GOV.UK date input's rules: say which part is missing, or that the date is not real.
  function checkDate(row, n) {
    var parts = { day: field(row, 'day'), month: field(row, 'month'), year: field(row, 'year') };
    var text = { day: value(parts.day), month: value(parts.month), year: value(parts.year) };
    // As the GOV.UK pattern advises, a month may be written as a name: "Feb", "February".
    var named = MONTHS.indexOf(text.month.slice(0, 3).toLowerCase());
    if (/^[a-z]{3,}$/i.test(text.month) && named >= 0) { text.month = String(named + 1); }
    var errorId = 'action-' + n + '-by_when-error';
    var group = row.querySelector('.date-input').closest('fieldset');
    var missing = ['day', 'month', 'year'].filter(function (k) { return !text[k]; });
    if (missing.length === 3) {
      showError(errorId, 'Enter the date by which action ' + n + ' will be done', [parts.day, parts.month, parts.year], group);
      return null;
    }
    if (missing.length) {
      var words = missing.length === 2 ? missing[0] + ' and ' + missing[1] : missing[0];
      showError(errorId, 'The date for action ' + n + ' must include a ' + words, missing.map(function (k) { return parts[k]; }), group);
      return null;
    }
    var bad = ['day', 'month', 'year'].filter(function (k) { return !/^\d+$/.test(text[k]); });
    if (bad.length) {
      showError(errorId, 'The date for action ' + n + ' must be a real date', bad.map(function (k) { return parts[k]; }), group);
      return null;
    }
    if (text.year.length !== 4) {
      showError(errorId, 'The year for action ' + n + ' must include 4 numbers', [parts.year], group);
      return null;
    }
    var d = +text.day, m = +text.month, y = +text.year;
    if (y < 2000 || y > 2099) {
      showError(errorId, 'The year for action ' + n + ' must be between 2000 and 2099', [parts.year], group);
      return null;
    }
    if (m < 1 || m > 12) {
      showError(errorId, 'The date for action ' + n + ' must be a real date', [parts.month], group);
      return null;
    }
    var date = new Date(Date.UTC(2000, 0, 1));
    date.setUTCFullYear(y, m - 1, d);
    if (d < 1 || date.getUTCDate() !== d || date.getUTCMonth() !== m - 1) {
      showError(errorId, 'The date for action ' + n + ' must be a real date', [parts.day], group);
      return null;
    }
    return y + '-' + pad(m) + '-' + pad(d);
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  // Returns the response, or null after showing what is wrong.
  function validate(moveFocus) {
    clearErrors();
    var ok = true;
    ok = requireText('organisation', 'Enter the name of your organisation') && ok;
    ok = requireText('team', 'Enter the name of your section and team') && ok;
    ok = requireText('team_manager', 'Enter the name of your team manager') && ok;
    ok = requireText('contact', 'Enter an email address or phone number the partnership can use to contact you') && ok;

    var learning = [];
    var ticked = checkboxes().filter(function (box) { return box.checked; });
    var filledRows = rows().filter(function (row) { return !isEmptyRow(row); });
    if (!ticked.length && !filledRows.length) {
      showError('learning-error', 'Tick at least one point relevant to your team, or add an action',
                [checkboxes()[0] || field(rows()[0], 'what')], byId('learning'));
      ok = false;
    }
    ticked.forEach(function (box) {
      var area = discussionFor(box);
      if (!value(area)) {
        // A question is answered; any other point is discussed (the label says which).
        var ask = area.hasAttribute('data-question') ? 'Enter your team\u2019s answer to ' : 'Enter a summary of your team\u2019s discussion of ';
        showError(area.id + '-error', ask + box.value, [area]);
        ok = false;
      } else {
        learning.push({ refs: [box.value], discussion: value(area) });
      }
    });

    var actions = [];
    rows().forEach(function (row, index) {
      if (isEmptyRow(row)) { return; }
      var n = index + 1, prefix = 'action-' + n + '-';
      var rowOK = requireText(prefix + 'what', 'Enter what needs to happen for action ' + n);
      rowOK = requireText(prefix + 'who', 'Enter who will do action ' + n) && rowOK;
      var due = checkDate(row, n);
      rowOK = !!due && rowOK;
      rowOK = requireText(prefix + 'done_when', 'Enter how you will know when action ' + n + ' has been done') && rowOK;
      rowOK = requireText(prefix + 'worked_when', 'Enter how you will know if action ' + n + ' has worked') && rowOK;
      ok = ok && rowOK;
      var status = row.querySelector('[data-field="status"]:checked');
      actions.push({ what: value(field(row, 'what')), who: value(field(row, 'who')), by_when: due,
                     done_when: value(field(row, 'done_when')), worked_when: value(field(row, 'worked_when')),
                     status: status ? status.value : 'not started', evidence: value(field(row, 'evidence')),
                     refs: refBoxes(row).filter(function (box) { return box.checked; }).map(function (box) { return box.value; }) });
    });

    if (!ok) {
      summary.hidden = false;
      document.title = 'Error: ' + baseTitle;
      if (moveFocus !== false) { summary.focus(); }
      return null;
    }
    var response = { learning: learning, actions: actions };
    TOP_FIELDS.forEach(function (name) { response[name] = value(byId(name)); });
    return response;
  }

  // A link in the summary moves the focus to its field and shows the field's label or legend.
  summary.addEventListener('click', function (event) {
    var link = event.target.closest('a');
    if (!link) { return; }
    var target = byId(link.getAttribute('href').slice(1));
    if (!target) { return; }
    event.preventDefault();
    var legend = target.closest('fieldset') && target.closest('fieldset').querySelector('legend');
    var label = form.querySelector('label[for="' + target.id + '"]');
    var show = (target.type === 'checkbox' || target.closest('.date-input')) && legend ? legend : (label || target);
    show.scrollIntoView();
    target.focus({ preventScroll: true });
  });

  // ---- The response file ------------------------------------------------------------------------

  // A YAML double-quoted text. JSON's escapes are YAML's; YAML also reads U+0085, U+2028 and U+2029
  // as line breaks and refuses C1 controls unescaped, so those are escaped too.
  function yamlText(s) {
    if (typeof s.toWellFormed === 'function') { s = s.toWellFormed(); }
    return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, function (c) {
      return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }

  function responseFile(r) {
    var lines = [
      '---',
      '# A team\u2019s response to a 7-minute briefing, made by the response form on the hub.',
      '# Email it to ' + email + '. The format is explained in the hub\u2019s docs/responses.md.',
      'briefing: ' + yamlText(briefing),
      'organisation: ' + yamlText(r.organisation),
      'team: ' + yamlText(r.team),
      'team_manager: ' + yamlText(r.team_manager),
      'contact: ' + yamlText(r.contact),
      'submitted: ' + today(),
      'learning:' + (r.learning.length ? '' : ' []')
    ];
    r.learning.forEach(function (point) {
      lines.push('  - refs: [' + point.refs.map(yamlText).join(', ') + ']');
      lines.push('    discussion: ' + yamlText(point.discussion));
    });
    lines.push('actions:' + (r.actions.length ? '' : ' []'));
    r.actions.forEach(function (a) {
      lines.push('  - what: ' + yamlText(a.what));
      if (a.refs.length) { lines.push('    refs: [' + a.refs.map(yamlText).join(', ') + ']'); }
      lines.push('    who: ' + yamlText(a.who));
      lines.push('    by_when: ' + a.by_when);
      lines.push('    done_when: ' + yamlText(a.done_when));
      lines.push('    worked_when: ' + yamlText(a.worked_when));
      lines.push('    status: ' + a.status);
      lines.push('    evidence: ' + yamlText(a.evidence));
    });
    if (r.notes) { lines.push('notes: ' + yamlText(r.notes)); }
    lines.push('---', '');
    return lines.join('\n');
  }

  function slug(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/&/g, ' and ').replace(/['\u2019]/g, '').replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'team';
  }

  // The leading whole words of a slug that fit in `room` characters (a first word longer than
  // that is the one thing cut inside a word).
  function words(s, room) {
    if (s.length <= room) return s;
    var cut = s.slice(0, room + 1).lastIndexOf('-');
    return cut > 0 ? s.slice(0, cut) : s.slice(0, room);
  }

  // Four letters and digits from the whole name, so that two long team names that start the same
  // still give two files.
  function tag(s) {
    var h = 5381;
    for (var i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0;
    return ('000' + (h % 1679616).toString(36)).slice(-4);
  }

  // response-<briefing>-<organisation>-<team>.md, at most 80 characters, cut at word boundaries:
  // the organisation gives way first, then the team, which then carries a tag of its full name.
  function fileName(r) {
    var b = words(briefing, 24), org = slug(r.organisation), team = slug(r.team);
    var room = 80 - 'response-'.length - '.md'.length - b.length - 2;
    if (org.length + 1 + team.length > room) {
      var teamRoom = Math.max(room - org.length - 1, Math.floor(room / 2));
      if (team.length > teamRoom) team = words(team, teamRoom - 5) + '-' + tag(slug(r.team));
      org = words(org, room - team.length - 1);
    }
    return 'response-' + b + '-' + org + '-' + team + '.md';
  }

  function updateEmailLink(name) {
    var team = value(byId('team')), organisation = value(byId('organisation'));
    var who = [team, organisation].filter(Boolean).join(', ');
    var subject = baseSubject + (who ? ' \u2013 ' + who : '');
    var body = 'Please find attached our team\u2019s response' + (name ? ', the file ' + name : '') +
      '.\n\n(Attach the response file you downloaded from the hub before you send this email.)\n';
    emailLink.href = 'mailto:' + email + '?subject=' + encodeURIComponent(subject) + '&body=' + encodeURIComponent(body);
  }

  // The collector refuses a file over 1 MiB: point at the longest answer instead of making one.
  function tooLong(bytes) {
    var longest = null;
    Array.prototype.forEach.call(form.querySelectorAll('textarea, input.input'), function (box) {
      if (box.closest('.date-input')) { return; }
      if (!longest || box.value.length > longest.value.length) { longest = box; }
    });
    var mb = (bytes / 1000000).toFixed(1);
    showError(longest.id + '-error', 'Your answers are too long to send as one file (' + mb + ' MB; the limit is 1 MB). Shorten this answer', [longest]);
    showSummary();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    downloaded.hidden = true;
    var response = validate(true);
    if (!response) { return; }
    var name = fileName(response);
    var blob = new Blob([responseFile(response)], { type: 'text/markdown;charset=utf-8' });
    if (blob.size > MAX_FILE_BYTES) {
      tooLong(blob.size);
      return;
    }
    var url = URL.createObjectURL(blob);
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    byId('downloaded-name').textContent = name;
    updateEmailLink(name);
    downloaded.hidden = false;
    downloaded.focus();
  });

  function showSummary() {
    summary.hidden = false;
    document.title = 'Error: ' + baseTitle;
    summary.focus();
  }

  // One more line in the error summary, leading to `target`.
  function addSummaryItem(message, target) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = '#' + target.id;
    a.textContent = message;
    li.appendChild(a);
    summaryList.appendChild(li);
  }

  // What reopen.js needs to put a response file back into the form.
  window.LearningHubResponseForm = {
    readForm: readForm, writeForm: writeForm, save: save, clearErrors: clearErrors, showError: showError,
    addSummaryItem: addSummaryItem, showSummary: showSummary
  };

  restore();
  updateEmailLink();
})();
