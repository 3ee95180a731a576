// The footage list of a filming session: polled often while something is being processed,
// rarely otherwise, and at once when an upload in this page completes.
import { clockTime, localDateTime } from './format.js'
import { requestJSON } from './workspace-api.js'
import { tr } from './words.js'

const BUSY_POLL_MS = 3000
const QUIET_POLL_MS = 15000
const BUSY = new Set(['uploaded', 'transcoding'])
// The transcoder names its stage by a code; the page says it in its language.
const STAGES = {
  source: tr('reading the uploaded file'),
  probe: tr('examining the video'),
  transcode: tr('converting the video'),
  upload: tr('saving the converted video'),
}

function percentOf(item) {
  const value = Math.round(Number(item.percent ?? 0))
  return Math.min(100, Math.max(0, Number.isFinite(value) ? value : 0))
}

// The state cell's content: words first, the bar and the link as their companions.
function stateCell(item) {
  const cell = document.createElement('td')
  cell.className = `footage-state footage-state--${item.status}`
  const words = document.createElement('span')
  cell.append(words)
  if (item.status === 'uploaded') {
    words.textContent = tr('Uploaded – waiting for processing')
  } else if (item.status === 'transcoding') {
    const percent = percentOf(item)
    words.textContent = item.stage
      ? tr('Processing %(percent)s %% (%(stage)s)', { percent, stage: STAGES[item.stage] ?? item.stage })
      : tr('Processing %(percent)s %%', { percent })
    const bar = document.createElement('progress')
    bar.max = 100
    bar.value = percent
    bar.textContent = `${percent} %`
    bar.setAttribute('aria-label', tr('Processing of the footage filmed %(when)s', { when: localDateTime(item.filmed_at) }))
    cell.append(' ', bar)
  } else if (item.status === 'ready') {
    words.textContent = tr('Playable')
    if (item.player_url) {
      const link = document.createElement('a')
      link.href = item.player_url
      link.textContent = tr('Watch and tag')
      link.setAttribute('aria-label', tr('Watch and tag the footage filmed %(when)s', { when: localDateTime(item.filmed_at) }))
      cell.append(' ', link)
    }
  } else if (item.status === 'erased') {
    words.textContent = item.erased || tr('Erased')
  } else if (item.status === 'failed') {
    words.textContent = tr('Failed: %(reason)s', { reason: item.failure_reason || tr('processing stopped without a reason') })
  } else {
    words.textContent = String(item.status)
  }
  return cell
}

function row(item) {
  const tr = document.createElement('tr')
  tr.dataset.footageId = item.id
  const filmed = document.createElement('td')
  filmed.textContent = localDateTime(item.filmed_at)
  const length = document.createElement('td')
  length.textContent = item.duration_s == null ? '–' : clockTime(item.duration_s, { hundredths: false })
  tr.append(filmed, length, stateCell(item))
  return tr
}

// What a row shows; a row is rebuilt only when this changes, so screen readers hear only news.
function signature(item) {
  const percent = item.status === 'transcoding' ? percentOf(item) : ''
  return [item.status, percent, item.stage, item.failure_reason, item.filmed_at, item.duration_s, item.player_url, item.erased].join('|')
}

class FootageStatus {
  constructor(root, table) {
    this.url = root.dataset.footageUrl
    this.body = table.tBodies[0]
    this.note = root.querySelector('#footage-status-note')
    this.timer = null
    this.round = 0
  }

  start() {
    document.addEventListener('footage:uploaded', () => this.refresh())
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) this.refresh()
    })
    this.refresh()
  }

  async refresh() {
    clearTimeout(this.timer)
    const round = ++this.round
    let delay = QUIET_POLL_MS
    try {
      const { data } = await requestJSON(this.url)
      if (round !== this.round) return
      const items = data.items ?? []
      this.render(items)
      this.note.textContent = items.length ? '' : tr('No footage for this filming session yet.')
      if (items.some((item) => BUSY.has(item.status))) delay = BUSY_POLL_MS
    } catch (error) {
      if (round !== this.round) return
      this.note.textContent = tr('The footage list could not be refreshed: %(reason)s', { reason: error.message })
    }
    // A hidden tab does not poll; it refreshes when it is shown again.
    if (!document.hidden) this.timer = setTimeout(() => this.refresh(), delay)
  }

  render(items) {
    const existing = new Map([...this.body.rows].map((tr) => [tr.dataset.footageId, tr]))
    let previous = null
    for (const item of items) {
      let tr = existing.get(String(item.id))
      existing.delete(String(item.id))
      const sig = signature(item)
      if (!tr || tr.dataset.signature !== sig) {
        const fresh = row(item)
        fresh.dataset.signature = sig
        if (tr) tr.replaceWith(fresh)
        tr = fresh
      }
      const wanted = previous ? previous.nextSibling : this.body.firstChild
      if (tr !== wanted) this.body.insertBefore(tr, wanted)
      previous = tr
    }
    for (const gone of existing.values()) gone.remove()
  }
}

const table = document.getElementById('footage-status')
const root = table?.closest('[data-footage-url]')
if (root) new FootageStatus(root, table).start()
