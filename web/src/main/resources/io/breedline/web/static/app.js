// Breedline's page: plain DOM over the JSON API. Every name from the server is set as text (never as HTML), so a
// photo called "<img src=x onerror=alert(1)>.jpg" shows as those characters.
'use strict';

const state = { session: null, next: null, filters: null, queue: [], reviewing: null, jobsTimer: null };

function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
}

function svg(tag, attrs, text) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text != null) e.textContent = String(text);
  return e;
}

function pct(p) { return p == null ? '' : (p * 100).toFixed(1) + '%'; }

function showError(message) {
  const e = $('error');
  e.textContent = message || '';
  e.hidden = !message;
}

async function api(path, options) {
  const opts = Object.assign({ headers: {} }, options || {});
  if (opts.method && opts.method !== 'GET') opts.headers[state.session.csrfHeader] = state.session.csrf;
  const res = await fetch(path, opts);
  const type = res.headers.get('Content-Type') || '';
  const body = type.startsWith('application/json') ? await res.json() : await res.text();
  if (!res.ok) throw new Error(body && body.message ? body.message : res.status + ' ' + res.statusText);
  return body;
}

function fillJobs(select, jobs) {
  const keep = select.value;
  while (select.options.length > 1) select.remove(1);
  for (const j of jobs) select.append(el('option', { value: j.jobId }, j.jobId));
  if ([...select.options].some(o => o.value === keep)) select.value = keep;
}

// ---- views ----
function show(view) {
  document.querySelectorAll('.view').forEach(v => { v.hidden = v.id !== 'view-' + view; });
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.view === view));
  clearInterval(state.jobsTimer);
  showError('');
  if (view === 'jobs') { loadJobs(); state.jobsTimer = setInterval(loadJobs, 2000); }
  if (view === 'photos') loadJobsInto($('f-job')).then(() => loadGrid(true));
  if (view === 'review') loadJobsInto($('r-job')).then(loadQueue);
  if (view === 'summary') loadJobsInto($('s-job')).then(loadSummary);
}

function route() {
  const h = location.hash.slice(1) || 'upload';
  if (h.startsWith('photo/')) { show('photo'); loadPhoto(h.slice(6)); return; }
  show(['upload', 'jobs', 'photos', 'review', 'summary'].includes(h) ? h : 'upload');
}

// ---- upload ----
async function upload(file) {
  showError('');
  $('result').hidden = false;
  $('preview').src = URL.createObjectURL(file);
  $('upload-name').textContent = file.name;
  $('answer').textContent = 'Asking the model...';
  $('answer-model').textContent = '';
  $('bars').replaceChildren();
  const form = new FormData();
  form.append('photo', file, file.name);
  try {
    const a = await api('/api/predict', { method: 'POST', body: form });
    $('answer').textContent = a.display;
    $('answer-model').textContent = 'Model ' + a.modelName + ' ' + a.modelVersion;
    $('bars').replaceChildren(...a.breeds.slice(0, 5).map(b => el('div', { class: 'bar' },
      el('span', {}, b.breed), el('span', { class: 'track' }, barFill(b.probability)), el('span', {}, pct(b.probability)))));
    $('answer-link').href = '#photo/' + a.imageId;
  } catch (e) {
    $('answer').textContent = '';
    showError(e.message);
  }
}

function barFill(p) {
  const f = el('span', { class: 'fill' });
  f.style.display = 'block';
  f.style.width = Math.max(0.5, p * 100) + '%';
  return f;
}

// ---- jobs ----
async function loadJobs() {
  try {
    const jobs = await api('/api/jobs');
    $('jobs').replaceChildren(...jobs.map(j => {
      const done = j.done + j.deadLettered;
      const progress = j.published ? el('progress', { max: j.published, value: done }) : el('span', { class: 'muted' }, 'from results');
      return el('tr', {},
        el('td', {}, el('a', { href: '#photos', onclick: () => { state.pickJob = j.jobId; } }, j.jobId)),
        el('td', {}, j.state), el('td', {}, progress, j.published ? ' ' + done + ' / ' + j.published : ''),
        el('td', {}, j.done, j.notADog ? ' (' + j.notADog + ' not a dog?)' : ''), el('td', {}, j.deadLettered),
        el('td', {}, j.rate == null ? '' : j.rate.toFixed(1) + '/s'), el('td', {}, j.etaSeconds == null ? '' : j.etaSeconds + ' s'),
        el('td', {}, j.lastResultAt || ''));
    }));
  } catch (e) { showError(e.message); }
}

async function loadJobsInto(select) {
  try {
    fillJobs(select, await api('/api/jobs'));
    if (state.pickJob) { select.value = state.pickJob; state.pickJob = null; }
  } catch (e) { showError(e.message); }
}

// ---- grid ----
function filterQuery() {
  const q = new URLSearchParams();
  const job = $('f-job').value, breed = $('f-breed').value;
  if (job) q.set('job', job);
  if (breed) q.set('breed', breed);
  q.set('minConfidence', String(Number($('f-min').value) / 100));
  q.set('maxConfidence', String(Number($('f-max').value) / 100));
  q.set('outcome', $('f-outcome').value);
  q.set('sort', $('f-sort').value);
  return q;
}

async function loadGrid(fresh) {
  const q = fresh ? filterQuery() : new URLSearchParams(state.filters);
  if (fresh) { state.filters = q.toString(); $('grid').replaceChildren(); }
  else if (state.next) q.set('after', state.next);
  try {
    const page = await api('/api/images?' + q.toString());
    state.next = page.next;
    $('grid').append(...page.images.map(card));
    $('more').hidden = !page.next;
    $('grid-count').textContent = $('grid').children.length + ' photos shown';
  } catch (e) { showError(e.message); }
}

function card(img) {
  const open = () => { location.hash = 'photo/' + img.imageId; };
  const c = el('div', { class: 'card', tabindex: '0', 'data-image': img.imageId, onclick: open,
    onkeydown: e => { if (e.key === 'Enter') open(); } },
    el('img', { src: '/api/images/' + img.imageId + '/thumbnail', alt: img.name || '', loading: 'lazy' }),
    el('div', { class: 'name' }, img.name));
  if (img.outcome === 'dead-letter') c.append(el('div', { class: 'dead' }, 'dead letter: ' + img.failureReason));
  else c.append(el('div', { class: 'breed' }, img.display));
  if (img.review) c.append(el('div', { class: 'reviewed' }, 'reviewed: ' + (img.review.breed || img.review.verdict)));
  return c;
}

// ---- one photo ----
async function loadPhoto(id) {
  $('photo-thumb').src = '/api/images/' + id + '/thumbnail';
  $('photo-input').src = '/api/images/' + id + '/model-input';
  const facts = $('photo-facts');
  facts.replaceChildren();
  try {
    const d = await api('/api/images/' + id);
    $('photo-name').textContent = d.name;
    for (const r of d.results) {
      facts.append(el('h3', {}, 'Model ' + r.modelName + ' ' + r.modelVersion),
        el('table', { class: 'table' }, el('tbody', {}, ...r.breeds.map((b, i) =>
          el('tr', {}, el('td', {}, i + 1), el('td', {}, b.breed), el('td', {}, pct(b.probability)))))),
        el('p', { class: 'muted' }, 'Stage timings: ' + Object.entries(r.stageMs).map(([k, v]) => k + ' ' + (v == null ? '-' : v + ' ms')).join(', ')
          + (r.batchSize ? ', batch of ' + r.batchSize : '') + '. Job ' + r.jobId + ', worker ' + r.workerId + ', ' + r.predictedAt));
    }
    if (d.deadLetter) facts.append(el('h3', {}, 'Dead letter'), el('p', { class: 'dead' }, d.deadLetter.stage + ': ' + d.deadLetter.reason));
    if (d.reviews.length) facts.append(el('h3', {}, 'Reviews'), el('ul', {}, ...d.reviews.map(r =>
      el('li', {}, r.verdict + (r.breed ? ' as ' + r.breed : '') + ' by ' + r.reviewer + ', ' + r.reviewedAt))));
  } catch (e) { showError(e.message); }
}

// ---- review ----
async function loadQueue() {
  const q = new URLSearchParams({ outcome: 'unreviewed', sort: 'confidence-asc', limit: '50' });
  if ($('r-job').value) q.set('job', $('r-job').value);
  try {
    state.queue = (await api('/api/images?' + q)).images;
    nextReview();
  } catch (e) { showError(e.message); }
}

async function nextReview() {
  const img = state.queue.shift();
  state.reviewing = null;
  $('review-card').hidden = !img;
  $('review-empty').hidden = !!img;
  if (!img) return;
  $('review-thumb').src = '/api/images/' + img.imageId + '/thumbnail';
  $('review-name').textContent = img.name;
  $('review-display').textContent = img.display;
  $('review-choices').replaceChildren();
  const d = await api('/api/images/' + img.imageId);
  const breeds = d.results.length ? d.results[0].breeds.slice(0, 5) : [];
  state.reviewing = { img, breeds };
  $('review-choices').replaceChildren(...breeds.map((b, i) => el('li', {},
    el('button', { type: 'button', 'data-key': String(i + 1), onclick: () => review(i === 0 ? 'confirmed' : 'corrected', b.breed) },
      (i + 1) + ': ' + b.breed + ' (' + pct(b.probability) + ')'))));
}

async function review(verdict, breed) {
  const r = state.reviewing;
  if (!r) return;
  state.reviewing = null;
  try {
    const body = { verdict, breed: verdict === 'corrected' ? breed : null, reviewer: $('reviewer').value || null };
    localStorage.setItem('breedline.reviewer', $('reviewer').value);
    const saved = await api('/api/images/' + r.img.imageId + '/review', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    $('review-status').textContent = 'Saved: ' + r.img.name + ' ' + saved.verdict + (saved.breed ? ' as ' + saved.breed : '');
    await nextReview();
  } catch (e) { state.reviewing = r; showError(e.message); }
}

function reviewKeys(e) {
  if ($('view-review').hidden || !state.reviewing || e.target.matches('input, select, textarea')) return;
  const r = state.reviewing;
  if (e.key === 'Enter' || e.key === 'y') { e.preventDefault(); review('confirmed'); }
  else if (e.key === 'n') review('not-a-dog');
  else if (e.key === 's') nextReview();
  else if (/^[1-5]$/.test(e.key)) {
    const i = Number(e.key) - 1;
    if (r.breeds[i]) review(i === 0 ? 'confirmed' : 'corrected', r.breeds[i].breed);
  }
}

// ---- summary ----
async function loadSummary() {
  const job = $('s-job').value;
  try {
    const s = await api('/api/summary' + (job ? '?job=' + encodeURIComponent(job) : ''));
    $('chart-breeds').replaceChildren(barChart(s.breeds.slice(0, 30).map(b => [b.breed, b.count])));
    $('chart-confidence').replaceChildren(barChart(s.confidenceBins.map((n, i) => [(i * 10) + '-' + (i * 10 + 10) + '%', n])));
  } catch (e) { showError(e.message); }
}

function barChart(rows) {
  const rowH = 18, labelW = 220, barW = 420;
  const max = Math.max(1, ...rows.map(r => r[1]));
  const s = svg('svg', { width: labelW + barW + 60, height: rows.length * rowH + 4, role: 'img' });
  rows.forEach(([label, n], i) => {
    const y = i * rowH;
    s.append(svg('text', { x: labelW - 6, y: y + 13, 'text-anchor': 'end' }, label),
      svg('rect', { x: labelW, y: y + 3, width: Math.max(1, n / max * barW), height: rowH - 6, fill: '#e0a458' }),
      svg('text', { x: labelW + n / max * barW + 6, y: y + 13 }, n));
  });
  return s;
}

// ---- start ----
async function start() {
  try {
    state.session = await api('/api/session');
  } catch (e) { showError(e.message); return; }
  const breeds = state.session.breeds;
  $('breed-count').textContent = breeds.length;
  $('breeds').replaceChildren(...breeds.map(b => el('li', {}, b)));
  for (const b of breeds) {
    $('f-breed').append(el('option', { value: b }, b));
    $('correct-breed').append(el('option', { value: b }, b));
  }
  $('reviewer').value = localStorage.getItem('breedline.reviewer') || '';
  $('file').addEventListener('change', e => { if (e.target.files[0]) upload(e.target.files[0]); });
  const drop = $('drop');
  drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => {
    e.preventDefault(); drop.classList.remove('over');
    if (e.dataTransfer.files[0]) upload(e.dataTransfer.files[0]);
  });
  $('filters').addEventListener('submit', e => { e.preventDefault(); loadGrid(true); });
  $('more').addEventListener('click', () => loadGrid(false));
  $('confirm').addEventListener('click', () => review('confirmed'));
  $('not-dog').addEventListener('click', () => review('not-a-dog'));
  $('skip').addEventListener('click', () => nextReview());
  $('correct').addEventListener('click', () => review('corrected', $('correct-breed').value));
  $('r-job').addEventListener('change', loadQueue);
  $('s-job').addEventListener('change', loadSummary);
  document.addEventListener('keydown', reviewKeys);
  window.addEventListener('hashchange', route);
  route();
}

document.addEventListener('DOMContentLoaded', start);
