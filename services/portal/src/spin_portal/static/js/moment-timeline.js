// The saved moments of a footage, drawn twice: as ranges on the timeline under the video and as
// a list. Choosing either plays the moment from its start and pauses at its end.
import { clockTime, spokenTime } from './format.js'
import { tr } from './words.js'

const KIND_WORDS = { strength: tr('Strength'), working_point: tr('Working point') }
const LANE_PX = 16

export function kindWords(kind) {
  return KIND_WORDS[kind] ?? kind
}

// Overlapping moments go to separate lanes, so none hides another.
function lanes(moments) {
  const ends = []
  return moments.map((moment) => {
    let lane = ends.findIndex((end) => end <= moment.start_s)
    if (lane < 0) lane = ends.length
    ends[lane] = moment.end_s
    return lane
  })
}

export class MomentTimeline {
  constructor({ timeline, list, empty, video, describe, onEdit, editable = true }) {
    this.timeline = timeline
    // Only who may change the case's moments gets Edit buttons (a supervisor only watches).
    this.editable = editable
    this.list = list
    this.empty = empty
    this.video = video
    this.describe = describe
    this.onEdit = onEdit
    this.moments = []
    this.duration = 0
    this.stopAt = null
    this.playhead = timeline.querySelector('.timeline-playhead')
    this.pending = timeline.querySelector('.timeline-pending')
    timeline.addEventListener('click', (event) => this.#timelineClick(event))
    list.addEventListener('click', (event) => this.#listClick(event))
    video.addEventListener('timeupdate', () => this.#movePlayhead())
    video.addEventListener('seeking', () => this.#seeked())
    video.addEventListener('pause', () => {
      this.stopAt = null
    })
  }

  setDuration(seconds) {
    if (Number.isFinite(seconds) && seconds > 0) {
      this.duration = seconds
      this.render()
    }
  }

  setMoments(moments) {
    this.moments = [...moments].sort((a, b) => a.start_s - b.start_s || a.end_s - b.end_s)
    this.render()
  }

  upsert(moment) {
    this.setMoments([...this.moments.filter((m) => m.id !== moment.id), moment])
  }

  drop(momentId) {
    this.setMoments(this.moments.filter((m) => m.id !== momentId))
  }

  find(momentId) {
    return this.moments.find((m) => String(m.id) === String(momentId))
  }

  // The start marked with I, shown until the moment is saved or dropped.
  showPending(start) {
    this.pending.hidden = start == null || !this.duration
    if (!this.pending.hidden) this.pending.style.left = `${(100 * start) / this.duration}%`
  }

  play(moment) {
    this.video.currentTime = moment.start_s
    this.stopAt = moment.end_s
    this.video.play().catch(() => {})
    const watch = () => {
      if (this.stopAt == null) return
      if (this.video.currentTime >= this.stopAt) {
        const end = this.stopAt
        this.video.pause()
        this.video.currentTime = end
        return
      }
      requestAnimationFrame(watch)
    }
    requestAnimationFrame(watch)
  }

  render() {
    this.#renderRanges()
    this.#renderList()
  }

  #seeked() {
    // Seeking away from the moment being played ends "pause at its end".
    const moment = this.stopAt == null ? null : this.moments.find((m) => m.end_s === this.stopAt)
    const t = this.video.currentTime
    if (moment && (t < moment.start_s - 0.05 || t > moment.end_s)) this.stopAt = null
  }

  #movePlayhead() {
    if (!this.duration) return
    this.playhead.style.left = `${Math.min(100, (100 * this.video.currentTime) / this.duration)}%`
  }

  #renderRanges() {
    this.timeline.querySelectorAll('.moment-range').forEach((el) => el.remove())
    if (!this.duration) return
    const laneOf = lanes(this.moments)
    const count = Math.max(1, ...laneOf.map((lane) => lane + 1))
    this.timeline.style.height = `${count * LANE_PX + 12}px`
    this.moments.forEach((moment, index) => {
      const range = document.createElement('button')
      range.type = 'button'
      range.className = `moment-range moment-range--${moment.kind}`
      range.dataset.momentId = moment.id
      range.style.left = `${(100 * moment.start_s) / this.duration}%`
      range.style.width = `${Math.max(0.4, (100 * (moment.end_s - moment.start_s)) / this.duration)}%`
      range.style.top = `${6 + laneOf[index] * LANE_PX}px`
      range.setAttribute('aria-label', tr('Play %(moment)s', { moment: this.describe(moment) }))
      range.title = `${kindWords(moment.kind)} ${clockTime(moment.start_s)}–${clockTime(moment.end_s)}`
      this.timeline.insertBefore(range, this.playhead)
    })
    this.#movePlayhead()
  }

  #renderList() {
    this.empty.hidden = this.moments.length > 0
    this.list.replaceChildren(...this.moments.map((moment) => this.#item(moment)))
  }

  #item(moment) {
    const li = document.createElement('li')
    li.className = `moment moment--${moment.kind}`
    li.dataset.momentId = moment.id
    const play = document.createElement('button')
    play.type = 'button'
    play.className = 'moment-play'
    play.textContent = `▶ ${clockTime(moment.start_s)}–${clockTime(moment.end_s)}`
    play.setAttribute('aria-label', tr('Play %(moment)s', { moment: this.describe(moment) }))
    const kind = document.createElement('span')
    kind.className = `moment-kind moment-kind--${moment.kind}`
    kind.textContent = kindWords(moment.kind)
    const details = document.createElement('span')
    details.className = 'moment-details'
    details.textContent = this.describe(moment, { withTimes: false })
    const edit = document.createElement('button')
    edit.type = 'button'
    edit.className = 'moment-edit'
    edit.textContent = tr('Edit')
    edit.setAttribute('aria-label', tr('Edit the moment at %(time)s', { time: spokenTime(moment.start_s) }))
    li.append(play, kind, details)
    if (this.editable) li.append(edit)
    return li
  }

  #listClick(event) {
    const li = event.target.closest('li[data-moment-id]')
    const moment = li && this.find(li.dataset.momentId)
    if (!moment) return
    if (event.target.closest('.moment-edit') && this.editable) this.onEdit(moment)
    else this.play(moment)
  }

  #timelineClick(event) {
    const range = event.target.closest('.moment-range')
    if (range) {
      const moment = this.find(range.dataset.momentId)
      if (moment) this.play(moment)
      return
    }
    // A click on the bar itself seeks there (the player's slider does the same by keyboard).
    if (!this.duration) return
    const box = this.timeline.getBoundingClientRect()
    const fraction = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width))
    this.video.currentTime = fraction * this.duration
  }
}
