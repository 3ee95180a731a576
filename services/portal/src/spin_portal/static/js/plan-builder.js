// The feedback plan builder: choose tagged moments (filtered by kind, principle, helping
// question), order them by dragging (SortableJS), a question for the parent per clip, the
// principles in focus; save with If-Match, make the clips and reel and watch them arrive.
import Sortable from '/static/vendor/sortablejs/sortable.esm.js'
import { clockTime } from './format.js'
import { kindWords } from './moment-timeline.js'
import { $, button, say } from './plan-dom.js'
import { focusPicker, levelOf, principleFilter } from './plan-principles.js'
import { requestJSON } from './workspace-api.js'
import { tr, trn } from './words.js'

const POLL_MS = 2000
const data = JSON.parse(document.getElementById('plan-data').textContent)
const byId = new Map(data.moments.map((m) => [m.id, m]))
const questionWords = new Map(data.questions.map((q) => [q.id, q.words]))
const state = {
  plan: data.plan,
  chosen: (data.plan?.moment_ids ?? []).map((id, i) => ({ id, question: data.plan.questions[i] ?? '' })),
  names: new Map(),
  polling: false,
}
const picker = focusPicker(() => state.chosen.flatMap((c) => byId.get(c.id)?.principles ?? []))

function describe(moment) {
  // A supervisor coding the footage blind does not get the apprentice's moments.
  if (!moment) return tr('a moment hidden from you until both codings of its footage are finished')
  const parts = [`${kindWords(moment.kind)} ${clockTime(moment.start_s)}–${clockTime(moment.end_s)}`]
  const principles = moment.principles.map((t) => state.names.get(t) ?? t).join(', ')
  if (principles) parts.push(principles)
  if (moment.helping_question_id) parts.push(`“${questionWords.get(moment.helping_question_id) ?? ''}”`)
  if (moment.note) parts.push(moment.note)
  return parts.join(' · ')
}

function matches(moment) {
  const kind = $('filter-kind').value
  const principle = $('filter-principle').value
  const question = $('filter-question').value
  const tagged = (tag) => tag === principle || levelOf(tag) === principle
  return (!kind || moment.kind === kind) && (!principle || moment.principles.some(tagged)) &&
    (!question || moment.helping_question_id === question)
}

function renderChoices() {
  const list = $('moment-choices')
  const chosen = new Set(state.chosen.map((c) => c.id))
  const shown = data.moments.filter(matches)
  list.replaceChildren(...shown.map((moment) => {
    const li = document.createElement('li')
    li.dataset.momentId = moment.id
    li.className = `moment-choice moment-choice--${moment.kind}`
    const text = document.createElement('span')
    text.textContent = describe(moment)
    const add = button(tr('Add'), tr('Add %(moment)s', { moment: describe(moment) }), () => {
      state.chosen.push({ id: moment.id, question: '' })
      render()
    })
    add.disabled = chosen.has(moment.id)
    li.append(text, ' ', add)
    return li
  }))
  $('moment-choices-empty').hidden = shown.length > 0
}

function move(index, by) {
  const target = index + by
  if (target < 0 || target >= state.chosen.length) return
  const [item] = state.chosen.splice(index, 1)
  state.chosen.splice(target, 0, item)
  render()
}

function renderPlan() {
  const items = state.chosen.map((item, index) => {
    const moment = byId.get(item.id)
    const li = document.createElement('li')
    li.dataset.momentId = item.id
    li.className = 'plan-item'
    const handle = document.createElement('span')
    handle.className = 'drag-handle'
    handle.textContent = '⠿'
    handle.setAttribute('aria-hidden', 'true')
    const text = document.createElement('span')
    text.className = 'plan-item-text'
    text.textContent = `${index + 1}. ${describe(moment)}`
    const label = document.createElement('label')
    label.textContent = tr('Question for the parent')
    const question = document.createElement('textarea')
    question.rows = 2
    question.maxLength = 500
    question.value = item.question
    question.readOnly = !data.editable
    question.addEventListener('input', () => { item.question = question.value })
    label.append(question)
    li.append(handle, text,
      button('↑', tr('Move clip %(number)s up', { number: index + 1 }), () => move(index, -1)),
      button('↓', tr('Move clip %(number)s down', { number: index + 1 }), () => move(index, 1)),
      button(tr('Remove'), tr('Remove clip %(number)s', { number: index + 1 }), () => { state.chosen.splice(index, 1); render() }),
      label)
    return li
  })
  $('plan-list').replaceChildren(...items)
  $('plan-empty').hidden = items.length > 0
  const length = (m) => (m ? m.end_s - m.start_s : 0)
  const seconds = state.chosen.reduce((sum, c) => sum + length(byId.get(c.id)), 0)
  $('plan-length').textContent = clockTime(seconds, { hundredths: false })
  $('plan-count').textContent = trn('%(num)s clip', '%(num)s clips', state.chosen.length)
}

function render() {
  renderChoices()
  renderPlan()
}

function body() {
  return {
    moment_ids: state.chosen.map((c) => c.id),
    questions: state.chosen.map((c) => c.question.trim()),
    principles_in_focus: picker.tags,
  }
}

async function save() {
  const plan = state.plan
  const answer = plan
    ? await requestJSON(`${data.urls.plans}/${plan.id}`, { method: 'PATCH', body: body(), ifMatch: plan.version })
    : await requestJSON(data.urls.plans, { method: 'POST', body: body() })
  state.plan = answer.data
  return state.plan
}

async function guarded(action) {
  try {
    await action()
  } catch (error) {
    const text = error.status === 412
      ? tr('Someone changed this plan meanwhile: reload the page to see their version.')
      : error.message
    say(text, { alert: true })
  }
}

function clipState(clip, index) {
  const li = document.createElement('li')
  li.dataset.momentId = clip.moment_id
  li.dataset.status = clip.status
  const title = document.createElement('strong')
  title.textContent = tr('Clip %(number)s', { number: index + 1 })
  li.append(title, ' ')
  if (clip.status === 'rendered' && clip.url) {
    const video = document.createElement('video')
    Object.assign(video, { src: clip.url, controls: true, preload: 'metadata' })
    video.setAttribute('aria-label', tr('Clip %(number)s', { number: index + 1 }))
    li.append('ready ', video, ' ', trainingMark(clip, index))
  } else if (clip.status === 'failed') {
    const reason = document.createElement('span')
    reason.className = 'field-error'
    reason.textContent = tr('could not be made: %(reason)s', { reason: clip.failure_reason ?? tr('no reason given') })
    li.append(reason, ' ', button(tr('Ask again'), tr('Ask again for clip %(number)s', { number: index + 1 }), () => guarded(makeClips)))
  } else if (clip.status === 'erased') {
    li.append(tr('erased: %(reason)s', { reason: clip.failure_reason ?? tr('the data rules required it') }))
  } else if (clip.status === 'cut') {
    li.append(tr('cut; it plays here once the others are made'))
  } else {
    li.append(clip.status === 'requested' ? tr('being made…') : tr('not asked for yet'))
  }
  return li
}

const MAKING = new Set(['requested', 'cut'])

// How far the clips being made are: the transcoder says as it cuts each one (clip.progress).
function showProgress(clips) {
  const making = clips.filter((c) => MAKING.has(c.status))
  $('clip-progress').hidden = making.length === 0
  if (making.length === 0) return
  const cut = making.filter((c) => c.status === 'cut').length
  $('clip-progress-bar').max = making.length
  $('clip-progress-bar').value = cut
  $('clip-progress-words').textContent = cut === making.length
    ? trn('The clip is cut; finishing (storing it, joining a reel)…', 'All %(num)s clips are cut; finishing (storing them, joining a reel)…', making.length)
    : trn('%(cut)s of %(num)s clip cut so far.', '%(cut)s of %(num)s clips cut so far.', making.length, { cut })
}

function trainingMark(clip, index) {
  if (clip.training) {
    const marked = document.createElement('span')
    marked.className = 'training-mark'
    marked.textContent = tr('marked for training')
    return marked
  }
  return button(tr('Mark for training'), tr('Mark clip %(number)s for training', { number: index + 1 }), () => guarded(async () => {
    await requestJSON(`${data.urls.plans}/${state.plan.id}/clips/${clip.moment_id}/training`, { method: 'POST' })
    say(tr('Clip %(number)s is marked for training: it is erased if the family withdraws the training consent, and after five years at the latest.', { number: index + 1 }))
    showClips((await requestJSON(`${data.urls.plans}/${state.plan.id}`)).data)
  }))
}

function showClips(answer) {
  $('clip-status').replaceChildren(...answer.clips.map(clipState))
  showProgress(answer.clips)
  const reels = answer.reels.filter((r) => r.url).map((reel) => {
    const video = document.createElement('video')
    Object.assign(video, { src: reel.url, controls: true, preload: 'metadata', className: 'reel' })
    video.setAttribute('aria-label', tr('The reel'))
    return video
  })
  $('reels').replaceChildren(...reels)
  const ready = answer.clips.length > 0 && answer.clips.every((c) => c.status === 'rendered')
  $('plan-review').hidden = !ready
  $('plan-review').href = `${data.urls.review}${state.plan.id}/review`
  return answer.clips.some((c) => MAKING.has(c.status))
}

async function poll() {
  if (state.polling || !state.plan) return
  state.polling = true
  try {
    for (;;) {
      const answer = await requestJSON(`${data.urls.plans}/${state.plan.id}`)
      if (!showClips(answer.data)) break
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
    say('')
  } finally {
    state.polling = false
  }
}

async function makeClips() {
  await save()
  await requestJSON(`${data.urls.plans}/${state.plan.id}/clip-requests`, { method: 'POST' })
  say(tr('The clips are being made; they appear here when ready.'))
  await poll()
}

async function loadVocabulary() {
  let vocabulary = { levels: [], aliases: [] }
  try {
    ;({ data: vocabulary } = await requestJSON(data.urls.vocabulary))
  } catch {
    // Tags stay readable as they are; the plan still works.
  }
  picker.setVocabulary(vocabulary)
  picker.setTags(state.plan?.principles_in_focus ?? [])
  for (const level of vocabulary.levels ?? []) {
    state.names.set(level.tag, tr('Level %(number)s: %(name)s', { number: level.number, name: level.name }))
    for (const element of level.elements ?? []) state.names.set(element.tag, element.name)
  }
  principleFilter($('filter-principle'), vocabulary, data.moments)
}

// A supervisor reads an apprentice's plan; while they code its footage blind, the planner
// leaves the apprentice's moments out and says how many.
function readOnly() {
  $('plan-builder').classList.add('read-only')
  const hidden = state.plan?.hidden_moments ?? 0
  $('plan-hidden').hidden = hidden === 0
  $('plan-hidden').textContent = trn('%(num)s moment of this plan is hidden from you until both codings of the footage are finished.',
    '%(num)s moments of this plan are hidden from you until both codings of the footage are finished.', hidden)
  $('plan-empty').textContent = hidden ? '' : tr('No plan to show you yet.')
  $('plan-principles-none').hidden = (state.plan?.principles_in_focus ?? []).length > 0
  $('moment-choices-empty').textContent = tr("No moments to show you: an apprentice's moments stay hidden while you code their footage blind, until both codings are finished.")
}

function wire() {
  for (const id of ['filter-kind', 'filter-principle', 'filter-question']) $(id).addEventListener('change', renderChoices)
  Sortable.create($('plan-list'), {
    disabled: !data.editable,
    handle: '.plan-item',
    animation: 150,
    filter: 'textarea, button',
    preventOnFilter: false,
    onEnd: () => {
      const order = [...$('plan-list').children].map((li) => li.dataset.momentId)
      state.chosen.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
      render()
    },
  })
  if (!data.editable) readOnly()
  $('plan-save').addEventListener('click', () => guarded(async () => { await save(); say(tr('The plan is saved.')) }))
  $('plan-make-clips').addEventListener('click', () => guarded(makeClips))
}

wire()
await loadVocabulary()
render()
if (state.plan) guarded(poll)
