// The session chart: energy (Wh) and emissions (gCO2e) of every completed answer, as two rows of bars drawn in SVG.
// Each bar carries its figure in data-value (as the server sent it) and a <title> a person sees on hover.

const SVG = 'http://www.w3.org/2000/svg';

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** Three significant digits, without exponent for the sizes an answer has. */
export function formatFigure(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return 'n/a';
  }
  if (value === 0) {
    return '0';
  }
  const magnitude = Math.abs(value);
  if (magnitude >= 0.0001 && magnitude < 1e6) {
    return Number(value.toPrecision(3)).toString();
  }
  return value.toExponential(2);
}

const ROWS = [
  { key: 'energy', label: 'Energy', unit: 'Wh', pick: (turn) => turn.energyWh },
  { key: 'emissions', label: 'Emissions', unit: 'gCO2e', pick: (turn) => turn.emissionsG },
];

/**
 * Draws the chart into svg for turns = [{ turn, energyWh, emissionsG }], oldest first.
 * Each row has its own scale (the largest answer fills it), labelled with that largest figure.
 */
export function drawChart(svg, turns) {
  const width = 480;
  const rowHeight = 120;
  const left = 92;
  const right = 12;
  const top = 16;
  const height = top + ROWS.length * rowHeight;
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Energy and emissions of ${turns.length} answer(s)`);

  if (turns.length === 0) {
    svg.append(element('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'chart-empty' },
      'The energy and emissions of each answer appear here.'));
    return;
  }

  const slot = (width - left - right) / Math.max(turns.length, 8);
  ROWS.forEach((row, r) => {
    const baseY = top + r * rowHeight + rowHeight - 24;
    const barSpace = rowHeight - 52;
    const max = Math.max(...turns.map((t) => row.pick(t) ?? 0));
    const group = element('g', { class: `chart-row chart-${row.key}` });
    group.append(element('text', { x: 8, y: baseY - barSpace / 2, class: 'chart-label' }, row.label));
    group.append(element('text', { x: 8, y: baseY - barSpace / 2 + 16, class: 'chart-unit' }, row.unit));
    group.append(element('text', { x: left - 6, y: baseY - barSpace + 4, 'text-anchor': 'end', class: 'chart-axis' }, formatFigure(max)));
    group.append(element('text', { x: left - 6, y: baseY, 'text-anchor': 'end', class: 'chart-axis' }, '0'));
    group.append(element('line', { x1: left, y1: baseY, x2: width - right, y2: baseY, class: 'chart-baseline' }));

    turns.forEach((turn, i) => {
      const value = row.pick(turn) ?? 0;
      const h = max > 0 ? Math.max(1, (value / max) * barSpace) : 1;
      const x = left + i * slot + slot * 0.15;
      const bar = element('rect', {
        x: x.toFixed(1), y: (baseY - h).toFixed(1), width: (slot * 0.7).toFixed(1), height: h.toFixed(1),
        class: `bar bar-${row.key}`, 'data-series': row.key, 'data-turn': turn.turn, 'data-value': value,
      });
      bar.append(element('title', {}, `Answer ${turn.turn}: ${formatFigure(value)} ${row.unit}`));
      group.append(bar);
      group.append(element('text', { x: (x + slot * 0.35).toFixed(1), y: baseY + 14, 'text-anchor': 'middle', class: 'chart-turn' }, `#${turn.turn}`));
      if (turns.length <= 8) {
        group.append(element('text', { x: (x + slot * 0.35).toFixed(1), y: (baseY - h - 4).toFixed(1), 'text-anchor': 'middle', class: 'chart-value' }, formatFigure(value)));
      }
    });
    svg.append(group);
  });
}
