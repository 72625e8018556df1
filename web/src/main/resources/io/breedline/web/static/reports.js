'use strict';
// The evaluation reports list: every value goes in as text, never as HTML.
const pct = v => (v * 100).toFixed(1) + '%';

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.appendChild(td);
  return td;
}

function link(href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}

async function load() {
  const res = await fetch('/api/reports', {credentials: 'same-origin'});
  const body = await res.json();
  if (!res.ok) {
    const error = document.getElementById('error');
    error.textContent = body.message || ('HTTP ' + res.status);
    error.hidden = false;
    return;
  }
  document.getElementById('folder').textContent = body.folder;
  const tbody = document.querySelector('#reports tbody');
  for (const r of body.reports) {
    const row = document.createElement('tr');
    row.dataset.id = r.id;
    cell(row, '').appendChild(link('/reports/' + r.id + '/report.html', r.name));
    cell(row, r.createdAt);
    cell(row, r.modelVersion);
    cell(row, String(r.photos));
    cell(row, pct(r.top1));
    cell(row, pct(r.ece));
    cell(row, r.temperature == null ? '–' : r.temperature.toFixed(4));
    const plots = cell(row, '');
    for (const [file, name] of [['confusion-matrix.png', 'confusion'], ['reliability.png', 'reliability'],
      ['confidence-histogram.png', 'confidence']]) {
      plots.appendChild(link('/reports/' + r.id + '/' + file, name));
      plots.appendChild(document.createTextNode(' '));
    }
    tbody.appendChild(row);
  }
  document.getElementById('none').hidden = body.reports.length > 0;
}

load();
