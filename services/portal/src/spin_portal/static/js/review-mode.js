// Shared review mode: the plan's clips one after another (then the whole reel) in Plyr, the
// question for the parent beside each, replay and slow motion; the page warns before it is
// left by accident; an offline copy in Cache Storage where the agency allows it, deleted once
// the review is recorded; then the short form that records the review in the planner.
import Plyr from '/static/vendor/plyr/plyr.min.mjs'
import { requestJSON } from './workspace-api.js'
import { tr } from './words.js'
import { fromZoneLocal, zoneNow } from './zone-time.js'

const SLOW = 0.5
const data = JSON.parse(document.getElementById('review-data').textContent)
const $ = (id) => document.getElementById(id)
const CACHE = `spin-review-${data.plan_id}`
const steps = [
  ...data.clips.map((clip, i) => ({ ...clip, label: tr('Clip %(number)s of %(count)s', { number: i + 1, count: data.clips.length }), file: `clips/${clip.moment_id}` })),
  ...data.reels.map((reel) => ({ ...reel, question: '', label: tr('The whole reel'), file: `reels/${reel.footage_id}`, reel: true })),
]
const state = { index: 0, shown: new Set(), recorded: false, offline: new Map(), slow: false }
const player = new Plyr($('review-video'), {
  controls: ['play-large', 'play', 'progress', 'current-time', 'duration', 'mute', 'volume', 'settings', 'fullscreen'],
  settings: ['speed'],
  speed: { selected: 1, options: [SLOW, 0.75, 1] },
  iconUrl: '/static/vendor/plyr/plyr.svg',
  blankVideo: '',
  storage: { enabled: false },
  keyboard: { focused: true, global: false },
})

function notice(text) {
  $('review-notice').textContent = text
  $('review-notice').hidden = !text
}

function show(index) {
  state.index = Math.max(0, Math.min(index, steps.length - 1))
  const step = steps[state.index]
  if (!step) return notice(tr('This plan has no clips made yet: make them on the plan page first.'))
  $('review-step').textContent = step.label
  $('review-question').textContent = step.question || (step.reel ? tr('All the clips, one after another.') : '')
  const src = state.offline.get(step.file) ?? step.url
  player.source = { type: 'video', sources: [{ src, type: 'video/mp4' }] }
  player.speed = state.slow ? SLOW : 1
  $('review-previous').disabled = state.index === 0
  $('review-next').disabled = state.index === steps.length - 1
}

function playing() {
  const step = steps[state.index]
  const ids = step.reel ? data.clips.map((c) => c.moment_id) : [step.moment_id]
  for (const id of ids) state.shown.add(id)
}

async function keepOffline() {
  const cache = await caches.open(CACHE)
  for (const [n, step] of steps.entries()) {
    notice(tr('Saving clip %(number)s of %(count)s on this device…', { number: n + 1, count: steps.length }))
    const url = `${data.urls.files}/${step.file}`
    const response = await fetch(url, { credentials: 'same-origin' })
    if (!response.ok) throw new Error((await response.json().catch(() => ({}))).detail ?? `error ${response.status}`)
    await cache.put(url, response)
  }
  await requestJSON(data.urls.offline, { method: 'POST', body: { clip_count: data.clips.length, reel: data.reels.length > 0 } })
  await useOffline(cache)
  notice(tr('The clips are on this device: they play without network until the review is recorded.'))
}

async function useOffline(cache) {
  for (const step of steps) {
    const found = await cache.match(`${data.urls.files}/${step.file}`)
    if (found) state.offline.set(step.file, URL.createObjectURL(await found.blob()))
  }
  const kept = $('review-offline')
  if (kept && state.offline.size === steps.length) Object.assign(kept, { disabled: true, textContent: tr('Clips kept on this device') })
  show(state.index)
}

async function forgetOffline() {
  if (!('caches' in window) || !(await caches.has(CACHE))) return
  await caches.delete(CACHE)
  for (const url of state.offline.values()) URL.revokeObjectURL(url)
  await requestJSON(`${data.urls.offline}/deletion`, { method: 'POST' })
}

function openForm() {
  player.pause()
  for (const box of document.querySelectorAll('input[name=clips_shown]')) box.checked = state.shown.has(box.value)
  if (!$('record-held-at').value) $('record-held-at').value = zoneNow()
  $('review-stage').hidden = true
  $('review-record').hidden = false
  $('record-reflection').focus()
}

function reviewBody(form) {
  const fields = new FormData(form)
  const held = fields.get('held_at')
  return {
    feedback_plan_id: data.plan_id,
    clips_shown: fields.getAll('clips_shown'),
    parent_reflection: fields.get('parent_reflection').trim() || null,
    homework: fields.get('homework').trim() || null,
    held_at: held ? fromZoneLocal(held).toISOString() : null,
    duration_minutes: Number(fields.get('duration_minutes')) || null,
    children_present: fields.get('children_present') === 'on',
  }
}

async function record(event) {
  event.preventDefault()
  $('record-save').disabled = true
  try {
    await requestJSON(data.urls.record, { method: 'POST', body: reviewBody(event.target) })
    state.recorded = true
    await forgetOffline().catch(() => {})
    window.location.assign(data.urls.done)
  } catch (error) {
    // The form keeps everything typed: only the sentence changes.
    $('record-error').textContent = error.message
    $('record-error').hidden = false
    $('record-save').disabled = false
  }
}

function wire() {
  player.on('playing', playing)
  $('review-previous').addEventListener('click', () => show(state.index - 1))
  $('review-next').addEventListener('click', () => show(state.index + 1))
  $('review-replay').addEventListener('click', () => { player.currentTime = 0; player.play() })
  $('review-slow').addEventListener('click', () => {
    state.slow = !state.slow
    player.speed = state.slow ? SLOW : 1
    $('review-slow').setAttribute('aria-pressed', String(state.slow))
  })
  $('review-fullscreen').addEventListener('click', () => document.documentElement.requestFullscreen?.().catch(() => {}))
  $('review-offline')?.addEventListener('click', () => keepOffline().catch((error) => notice(tr('The clips could not be saved on this device: %(reason)s', { reason: error.message }))))
  $('review-end').addEventListener('click', openForm)
  $('record-back').addEventListener('click', () => { $('review-record').hidden = true; $('review-stage').hidden = false })
  $('record-form').addEventListener('submit', record)
  window.addEventListener('beforeunload', (event) => {
    if (state.recorded || data.shown) return
    event.preventDefault()
    event.returnValue = ''
  })
}

wire()
if (data.shown) notice(tr('This plan was already shown in a recorded shared review.'))
show(0)
// A copy left from before goes once the review is recorded or the agency stops downloads.
if ('caches' in window && (await caches.has(CACHE))) {
  if (data.shown || !data.downloads_allowed) await forgetOffline().catch(() => {})
  else await useOffline(await caches.open(CACHE))
}
