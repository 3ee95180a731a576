// The micro-analysis player: Plyr with preview thumbnails and slow speeds, frame steps, and
// moments marked with I/O (or the buttons), tagged in the side panel and saved to the portal.
import Plyr from '/static/vendor/plyr/plyr.min.mjs'
import { clockTime, spokenTime } from './format.js'
import { MomentPanel } from './moment-panel.js'
import { kindWords, MomentTimeline } from './moment-timeline.js'
import { bindShortcuts } from './player-keys.js'
import { plyrWords } from './plyr-words.js'
import { PrinciplePicker } from './principle-picker.js'
import { requestJSON } from './workspace-api.js'
import { tr } from './words.js'

const SPEEDS = [0.25, 0.5, 1, 1.5, 2]
const FORWARD_SPEEDS = [1, 1.5, 2]
const DEFAULT_FRAME_RATE = 25
const JUMP_S = 5
// Without I, a moment marked by the button alone spans this much from the current time.
const DEFAULT_MOMENT_S = 5

function readConfig(root) {
  const d = root.dataset
  const number = (value) => (value === '' || value == null ? null : Number(value))
  return {
    footageId: d.footageId,
    duration: number(d.duration),
    frameRate: number(d.frameRate) || DEFAULT_FRAME_RATE,
    vttUrl: d.vttUrl || null,
    momentsUrl: d.momentsUrl,
    vocabularyUrl: d.vocabularyUrl,
    createUrl: d.createUrl,
    momentUrlBase: d.momentUrlBase,
    iconUrl: d.iconUrl,
    editable: d.editable === 'true',
  }
}

function statusArea() {
  const alert = document.getElementById('player-status')
  const notice = document.getElementById('player-notice')
  const show = (el, text) => {
    el.textContent = text
    el.hidden = !text
  }
  return {
    alert(text) {
      show(notice, '')
      show(alert, text)
    },
    notice(text) {
      show(alert, '')
      show(notice, text)
    },
    clear() {
      show(alert, '')
      show(notice, '')
    },
  }
}

function createPlyr(video, config) {
  return new Plyr(video, {
    controls: ['play-large', 'play', 'progress', 'current-time', 'duration', 'mute', 'volume', 'settings', 'fullscreen'],
    settings: ['speed'],
    speed: { selected: 1, options: SPEEDS },
    // The page's own shortcuts (J/K/L, I/O, frame steps) replace Plyr's, which would clash (L loops).
    keyboard: { focused: false, global: false },
    iconUrl: config.iconUrl,
    // Plyr's defaults point at its CDN; the page loads nothing from elsewhere.
    blankVideo: '',
    previewThumbnails: { enabled: Boolean(config.vttUrl), src: config.vttUrl ?? '' },
    invertTime: false,
    storage: { enabled: false },
    tooltips: { controls: true, seek: true },
    i18n: plyrWords(),
  })
}

function describer(picker, questions) {
  return (moment, { withTimes = true } = {}) => {
    const parts = []
    if (withTimes) parts.push(tr('%(kind)s from %(start)s to %(end)s', { kind: kindWords(moment.kind), start: spokenTime(moment.start_s), end: spokenTime(moment.end_s) }))
    const principles = (moment.principles ?? []).map((tag) => picker.nameOf(tag)).join(', ')
    if (principles) parts.push(principles)
    const question = questions.get(String(moment.helping_question_id ?? ''))
    if (question) parts.push(tr('helping question: %(question)s', { question }))
    if (!withTimes && moment.note) parts.push(tr('note: %(note)s', { note: moment.note }))
    return parts.join('; ')
  }
}

function transport(video, plyr, config, marks) {
  const clamp = (t) => Math.min(Math.max(0, t), Number.isFinite(video.duration) ? video.duration : t)
  const frame = 1 / config.frameRate
  const stepFrames = (count) => {
    video.pause()
    // Land on a frame boundary, a hair inside the frame, so repeated steps do not drift.
    const index = Math.round(video.currentTime * config.frameRate) + count
    video.currentTime = clamp(index * frame + frame / 100)
  }
  return {
    togglePlay: () => plyr.togglePlay(),
    pause: () => plyr.pause(),
    back: () => {
      video.currentTime = clamp(video.currentTime - JUMP_S)
    },
    forward: () => {
      const playing = !video.paused
      const next = playing ? FORWARD_SPEEDS.find((speed) => speed > plyr.speed) : 1
      plyr.speed = next ?? FORWARD_SPEEDS[FORWARD_SPEEDS.length - 1]
      if (!playing) plyr.play()
    },
    frameBack: () => stepFrames(-1),
    frameForward: () => stepFrames(1),
    secondBack: () => {
      video.currentTime = clamp(video.currentTime - 1)
    },
    secondForward: () => {
      video.currentTime = clamp(video.currentTime + 1)
    },
    markStart: () => marks.start(video.currentTime),
    markEnd: () => marks.end(video.currentTime),
  }
}

function marking(panel, timeline, status, pendingText) {
  let pending = null
  const showPending = (start) => {
    pending = start
    timeline.showPending(start)
    pendingText.textContent = start == null ? '' : tr('Start marked at %(time)s; press O (Set end) at the end.', { time: clockTime(start) })
  }
  return {
    start(t) {
      if (panel.isOpen) return panel.setTime('start', t)
      showPending(t)
    },
    end(t) {
      if (panel.isOpen) return panel.setTime('end', t)
      if (pending == null) return status.alert(tr('Press I (Set start) at the start of the moment first.'))
      if (t <= pending) return status.alert(tr('The end must lie after the start: play on, then press O.'))
      const start = pending
      showPending(null)
      status.clear()
      panel.openNew(start, t)
    },
    button(t, duration) {
      const start = pending ?? t
      const end = pending == null || t <= pending ? Math.min(start + DEFAULT_MOMENT_S, duration || Infinity) : t
      showPending(null)
      panel.openNew(start, end)
    },
    clear: () => showPending(null),
  }
}

// Someone who may not change the case's moments (a supervisor): I, O and the buttons say so.
function watching(status) {
  const refuse = () => status.notice(tr("Only the case's practitioner marks moments on this footage."))
  return { start: refuse, end: refuse, button: refuse, clear: () => {} }
}

async function loadInto(url, apply, status, what) {
  try {
    const { data } = await requestJSON(url)
    apply(data)
  } catch (error) {
    status.alert(tr('The %(what)s could not be loaded: %(reason)s', { what, reason: error.message }))
  }
}

function start(root) {
  const config = readConfig(root)
  const video = root.querySelector('#player video')
  const plyr = createPlyr(video, config)
  const status = statusArea()
  const questions = new Map([...document.querySelectorAll('#moment-question option')].filter((o) => o.value).map((o) => [o.value, o.textContent]))
  const picker = new PrinciplePicker({
    input: document.getElementById('principle-search'),
    listbox: document.getElementById('principle-options'),
    chips: document.getElementById('principle-chips'),
  })
  const timeline = new MomentTimeline({
    timeline: document.getElementById('timeline'),
    list: document.getElementById('moment-list'),
    empty: document.getElementById('moment-list-empty'),
    video,
    describe: describer(picker, questions),
    onEdit: (moment) => panel.openExisting(moment),
    editable: config.editable,
  })
  const panel = new MomentPanel({
    panel: document.getElementById('moment-panel'),
    picker,
    video,
    status,
    footageId: config.footageId,
    createUrl: config.createUrl,
    momentUrlBase: config.momentUrlBase,
    onSaved: (moment) => timeline.upsert(moment),
    onDeleted: (id) => timeline.drop(id),
    onClosed: () => document.getElementById('mark-moment').focus(),
  })
  const panelObserver = new MutationObserver(() => root.classList.toggle('panel-open', panel.isOpen))
  panelObserver.observe(panel.panel, { attributes: true, attributeFilter: ['hidden'] })
  const marks = config.editable
    ? marking(panel, timeline, status, document.getElementById('mark-pending'))
    : watching(status)
  const actions = transport(video, plyr, config, marks)
  bindShortcuts(actions)

  const buttons = {
    'frame-back': actions.frameBack,
    'frame-forward': actions.frameForward,
    'mark-start': actions.markStart,
    'mark-end': actions.markEnd,
    'mark-moment': () => marks.button(video.currentTime, timeline.duration),
  }
  for (const [id, act] of Object.entries(buttons)) document.getElementById(id).addEventListener('click', act)

  timeline.setDuration(config.duration)
  video.addEventListener('loadedmetadata', () => {
    if (!config.duration) timeline.setDuration(video.duration)
  })
  // Principle names first, so the moments are listed with names rather than tags.
  loadInto(config.vocabularyUrl, (data) => picker.setVocabulary(data), status, tr('principles vocabulary'))
    .then(() => loadInto(config.momentsUrl, (data) => timeline.setMoments(data.items ?? []), status, tr('saved moments')))
}

const root = document.getElementById('workspace-player')
if (root) start(root)
