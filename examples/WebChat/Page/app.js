// The page: sends the conversation to the server, renders the streamed answer as it arrives, and keeps the session's impact.
import { readEventStream } from './sse.js';
import { drawChart, formatFigure } from './chart.js';

const form = document.getElementById('composer');
const question = document.getElementById('question');
const think = document.getElementById('think');
const send = document.getElementById('send');
const stop = document.getElementById('stop');
const conversation = document.getElementById('conversation');
const totals = document.getElementById('totals');
const chart = document.getElementById('chart');

/** The conversation sent with each question: completed turns only (a stopped or failed answer is not part of it). */
const history = [];
/** The impact of each completed answer, for the totals and the chart. */
const answers = [];
let turnCount = 0;
let model = '';
let current = null; // { controller } while an answer streams

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function addTurn(text) {
  conversation.querySelector('.empty')?.remove();
  turnCount += 1;
  const turn = make('article', 'turn');
  turn.dataset.turn = String(turnCount);
  turn.dataset.state = 'streaming';

  const user = make('div', 'user');
  user.append(make('span', 'who', 'You'), make('p', 'user-text', text));

  const assistant = make('div', 'assistant');
  const reasoning = make('details', 'reasoning');
  reasoning.hidden = true;
  reasoning.open = true;
  reasoning.append(make('summary', '', 'Reasoning'), make('p', 'reasoning-text'));
  const error = make('p', 'error');
  error.hidden = true;
  error.setAttribute('role', 'alert');
  const impact = make('p', 'impact');
  impact.hidden = true;
  assistant.append(make('span', 'who', model || 'GreenPT'), reasoning, make('p', 'answer-text'), make('p', 'status', 'Waiting for the first token…'), error, impact);

  turn.append(user, assistant);
  conversation.append(turn);
  turn.scrollIntoView({ block: 'end' });
  return turn;
}

function setBusy(busy) {
  send.disabled = busy;
  stop.disabled = !busy;
  form.dataset.busy = busy ? 'true' : 'false';
}

function showError(turn, message, status, requestId) {
  turn.dataset.state = 'error';
  turn.querySelector('.status').textContent = '';
  const error = turn.querySelector('.error');
  error.hidden = false;
  const details = [];
  if (status && !message.includes(String(status))) {
    details.push(`status ${status}`);
  }
  if (requestId && !message.includes(requestId)) {
    details.push(`request id ${requestId}`);
  }
  error.textContent = details.length ? `${message} (${details.join(', ')})` : message;
}

function showImpact(turn, done) {
  const impact = done.impact;
  const usage = done.usage ?? {};
  const line = turn.querySelector('.impact');
  line.hidden = false;
  if (!impact) {
    line.textContent = 'GreenPT reported no impact for this answer.';
    return;
  }
  const tokens = usage.totalTokens ?? null;
  line.dataset.energyWh = String(impact.energyWattHours);
  line.dataset.emissionsG = String(impact.emissionsGramsCO2e);
  line.dataset.durationMs = String(impact.durationMilliseconds);
  line.dataset.inputTokens = String(usage.inputTokens ?? '');
  line.dataset.outputTokens = String(usage.outputTokens ?? '');
  line.textContent = [
    `⚡ ${formatFigure(impact.energyWattHours)} Wh`,
    `${formatFigure(impact.emissionsGramsCO2e)} gCO2e`,
    `${Math.round(impact.durationMilliseconds ?? 0)} ms`,
    tokens === null ? 'tokens n/a' : `${tokens} tokens (${usage.inputTokens ?? '?'} in, ${usage.outputTokens ?? '?'} out)`,
  ].join(' · ');
  answers.push({ turn: Number(turn.dataset.turn), energyWh: impact.energyWattHours, emissionsG: impact.emissionsGramsCO2e, durationMs: impact.durationMilliseconds ?? 0 });
  renderSession();
}

function renderSession() {
  const energy = answers.reduce((sum, a) => sum + (a.energyWh ?? 0), 0);
  const emissions = answers.reduce((sum, a) => sum + (a.emissionsG ?? 0), 0);
  const duration = answers.reduce((sum, a) => sum + a.durationMs, 0);
  totals.dataset.answers = String(answers.length);
  totals.dataset.energyWh = String(energy);
  totals.dataset.emissionsG = String(emissions);
  totals.textContent = answers.length === 0
    ? 'No answers yet.'
    : `${answers.length} answer${answers.length === 1 ? '' : 's'} · ${formatFigure(energy)} Wh · ${formatFigure(emissions)} gCO2e · ${Math.round(duration)} ms of inference`;
  drawChart(chart, answers);
}

async function ask(text) {
  const turn = addTurn(text);
  const answerText = turn.querySelector('.answer-text');
  const reasoning = turn.querySelector('.reasoning');
  const reasoningText = turn.querySelector('.reasoning-text');
  const status = turn.querySelector('.status');
  const messages = [...history, { role: 'user', text }];
  const controller = new AbortController();
  current = { controller };
  setBusy(true);

  let answer = '';
  let finished = false;
  try {
    const response = await fetch(form.getAttribute('action'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ messages, think: think.checked }),
      signal: controller.signal,
    });
    if (!response.ok) {
      let problem = null;
      try {
        problem = await response.json();
      } catch {
        // not JSON: fall back on the status below
      }
      showError(turn, problem?.message ?? `The server answered ${response.status} ${response.statusText}.`, problem?.status ?? response.status, problem?.requestId);
      return;
    }

    await readEventStream(response.body, (event) => {
      const data = JSON.parse(event.data);
      switch (event.type) {
        case 'start':
          turn.querySelector('.assistant .who').textContent = data.model;
          break;
        case 'reasoning':
          reasoning.hidden = false;
          reasoningText.textContent += data.text;
          status.textContent = 'Thinking…';
          break;
        case 'text':
          if (answer.length === 0 && !reasoning.hidden) {
            reasoning.open = false; // the thinking is done: fold it away, one click brings it back
          }
          answer += data.text;
          answerText.textContent = answer;
          status.textContent = '';
          break;
        case 'done':
          finished = true;
          turn.dataset.state = 'done';
          status.textContent = data.finishReason && data.finishReason !== 'stop' ? `Finished: ${data.finishReason}` : '';
          history.push({ role: 'user', text }, { role: 'assistant', text: answer });
          showImpact(turn, data);
          break;
        case 'error':
          finished = true;
          showError(turn, data.message, data.status, data.requestId);
          break;
        default:
          break; // an event this page does not know: ignore it
      }
    });
    if (!finished) {
      showError(turn, 'The answer ended before it was complete (the connection to the server was lost).');
    }
  } catch (error) {
    if (error?.name === 'AbortError') {
      turn.dataset.state = 'stopped';
      status.textContent = 'Stopped. The request to GreenPT was cancelled; a stopped answer reports no impact.';
    } else if (!finished) {
      showError(turn, `The WebChat server could not be reached (${error?.message ?? error}).`);
    }
  } finally {
    current = null;
    setBusy(false);
    question.focus();
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = question.value.trim();
  if (!text || current) {
    return;
  }
  question.value = '';
  ask(text);
});

question.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

stop.addEventListener('click', () => current?.controller.abort());

async function loadInfo() {
  try {
    const response = await fetch('/api/info');
    const info = await response.json();
    model = info.model;
    document.getElementById('model').textContent = info.model;
    document.getElementById('simulated').hidden = !info.simulated;
    document.body.dataset.simulated = String(info.simulated);
  } catch {
    document.getElementById('model').textContent = 'unknown (the server could not be reached)';
  }
  document.body.dataset.ready = 'true';
}

setBusy(false);
renderSession();
loadInfo();
