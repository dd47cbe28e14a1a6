/* The actions tracker's tables: filter by organisation, briefing, status and due date, and sort
   by any column, by keyboard or mouse. Plain JavaScript as an enhancement: without it the page is
   the same tables, grouped and in order, and every row is shown. It works on the rows of this
   page; a tracker split into pages filters each page (actions.csv has every action). */
(function () {
  'use strict';

  var tables = Array.prototype.slice.call(document.querySelectorAll('table[data-sortable]'));
  var box = document.getElementById('tracker-filters');
  if (!tables.length || !box) { return; }

  var rows = [];
  tables.forEach(function (table) { rows = rows.concat(Array.prototype.slice.call(table.tBodies[0].rows)); });

  // ---- Filters --------------------------------------------------------------------------------

  function distinct(attr) {
    var seen = {};
    rows.forEach(function (row) { seen[row.getAttribute(attr)] = true; });
    return Object.keys(seen).filter(Boolean).sort(function (a, b) { return a.localeCompare(b, 'en-GB'); });
  }

  function fill(select, values) {
    values.forEach(function (v) {
      var option = document.createElement('option');
      option.value = v;
      option.textContent = v;
      select.appendChild(option);
    });
  }

  var organisation = document.getElementById('filter-organisation');
  var briefing = document.getElementById('filter-briefing');
  var status = document.getElementById('filter-status');
  var dueBy = document.getElementById('filter-due-by');
  var shown = document.getElementById('filter-count');
  fill(organisation, distinct('data-organisation'));
  fill(briefing, distinct('data-briefing'));
  fill(status, distinct('data-status'));
  box.hidden = false;

  function apply() {
    var count = 0;
    rows.forEach(function (row) {
      var due = row.getAttribute('data-due');
      var keep = (!organisation.value || row.getAttribute('data-organisation') === organisation.value) &&
        (!briefing.value || row.getAttribute('data-briefing') === briefing.value) &&
        (!status.value || row.getAttribute('data-status') === status.value) &&
        // A date input's value is YYYY-MM-DD, which compares as text in date order.
        (!dueBy.value || (due && due <= dueBy.value));
      row.hidden = !keep;
      if (keep) { count++; }
    });
    shown.textContent = 'Showing ' + count + ' of ' + rows.length + ' actions.';
  }

  [organisation, briefing, status, dueBy].forEach(function (control) {
    control.addEventListener('change', apply);
    control.addEventListener('input', apply);
  });
  document.getElementById('filter-clear').addEventListener('click', function () {
    [organisation, briefing, status, dueBy].forEach(function (control) { control.value = ''; });
    apply();
    organisation.focus();
  });

  // ---- Sorting ----------------------------------------------------------------------------------

  var STATUS_ORDER = { 'Not started': 0, 'In progress': 1, 'Done': 2 };

  function key(row, index, kind) {
    if (kind === 'due') { return row.getAttribute('data-due') || '9999-99-99'; }
    if (kind === 'status') { return String(STATUS_ORDER[row.getAttribute('data-status')] || 0); }
    return (row.cells[index].textContent || '').replace(/\s+/g, ' ').trim().toLowerCase();
  }

  tables.forEach(function (table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, index) {
      var text = th.textContent.trim();
      var kind = text === 'By when?' ? 'due' : text === 'Status' ? 'status' : 'text';
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort-button';
      button.textContent = text;
      th.textContent = '';
      th.appendChild(button);
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var list = Array.prototype.slice.call(body.rows).map(function (row, i) { return { row: row, key: key(row, index, kind), i: i }; });
        list.sort(function (a, b) {
          var c = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
          // Equal keys keep the page's order either way.
          return (ascending ? c : -c) || a.i - b.i;
        });
        list.forEach(function (item) { body.appendChild(item.row); });
        shown.textContent = 'Sorted by ' + text.replace(/\?$/, '') + ', ' + (ascending ? 'ascending' : 'descending') + '.';
      });
    });
  });

  apply();
}());
