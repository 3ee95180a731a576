// The side panel that describes one moment: times, principles, kind, helping question, note.
// Saving creates (POST) or changes (PATCH with If-Match) it; the portal's refusals land next to
// the field they concern, and what the person typed stays.
import { elements, onSubmit } from './panel-dom.js'
import { requestJSON } from './workspace-api.js'
import { tr } from './words.js'

const FIELDS = ['start_s', 'end_s', 'principles', 'kind', 'helping_question_id', 'note']
const CHANGED_MEANWHILE = tr('Someone changed this moment meanwhile; here is the newer version.')

function sameValue(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? []) === JSON.stringify(b ?? [])
  return (a ?? null) === (b ?? null)
}

function roundTime(seconds) {
  return Math.round(seconds * 100) / 100
}

export class MomentPanel {
  constructor({ panel, picker, video, status, footageId, createUrl, momentUrlBase, onSaved, onDeleted, onClosed }) {
    this.panel = panel
    Object.assign(this, elements(panel, {
      form: '#moment-form',
      title: '#moment-panel-title',
      start: '#moment-start',
      end: '#moment-end',
      question: '#moment-question',
      note: '#moment-note',
      deleteButton: '#moment-delete',
      saveButton: '#moment-save',
    }))
    Object.assign(this, { picker, video, status, footageId, createUrl, momentUrlBase, onSaved, onDeleted, onClosed })
    this.moment = null
    this.busy = false
    onSubmit(this.form, () => this.save())
    panel.querySelector('#moment-cancel').addEventListener('click', () => this.close())
    this.deleteButton.addEventListener('click', () => this.remove())
    panel.addEventListener('click', (event) => {
      const which = event.target.closest('[data-set-time]')?.dataset.setTime
      if (which) this.setTime(which, this.video.currentTime)
    })
    // Describing a moment needs a still picture: the video pauses when a field gets focus.
    panel.addEventListener('focusin', (event) => {
      if (event.target.matches('input, select, textarea') && !this.video.paused) this.video.pause()
    })
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault()
        this.close()
      }
    })
  }

  get isOpen() {
    return !this.panel.hidden
  }

  openNew(start, end) {
    this.#open(null, { start_s: start, end_s: end, principles: [], kind: null, helping_question_id: null, note: '' })
  }

  openExisting(moment) {
    this.#open(moment, moment)
  }

  close() {
    if (!this.isOpen) return
    this.panel.hidden = true
    this.moment = null
    this.#clearErrors()
    this.onClosed()
  }

  setTime(which, seconds) {
    const field = which === 'start' ? this.start : this.end
    field.value = roundTime(seconds).toFixed(2)
  }

  #open(moment, values) {
    this.moment = moment
    this.#clearErrors()
    this.#fill(values)
    this.title.textContent = moment ? tr('Edit moment') : tr('New moment')
    this.deleteButton.hidden = !moment
    this.panel.hidden = false
    // The heading takes focus, not a field: the video keeps playing until one starts typing.
    this.title.focus()
  }

  #fill(values) {
    this.start.value = values.start_s == null ? '' : roundTime(values.start_s).toFixed(2)
    this.end.value = values.end_s == null ? '' : roundTime(values.end_s).toFixed(2)
    this.picker.setTags(values.principles)
    for (const radio of this.form.elements.kind) radio.checked = radio.value === values.kind
    this.question.value = values.helping_question_id == null ? '' : String(values.helping_question_id)
    this.note.value = values.note ?? ''
  }

  #read() {
    const number = (input) => (input.value.trim() === '' ? null : Number(input.value))
    return {
      start_s: number(this.start),
      end_s: number(this.end),
      principles: this.picker.tags,
      kind: this.form.elements.kind.value || null,
      helping_question_id: this.question.value || null,
      note: this.note.value.trim() === '' ? null : this.note.value,
    }
  }

  // The checks that need no server; the planner checks everything again.
  #localProblems(body) {
    const problems = []
    if (body.start_s == null || !(body.start_s >= 0)) problems.push({ field: 'start_s', message: tr('Give the start in seconds (0 or more).') })
    if (body.end_s == null || !Number.isFinite(body.end_s)) problems.push({ field: 'end_s', message: tr('Give the end in seconds.') })
    else if (body.start_s != null && body.end_s <= body.start_s) problems.push({ field: 'end_s', message: tr('The end must lie after the start.') })
    if (!body.kind) problems.push({ field: 'kind', message: tr('Choose strength or working point.') })
    return problems
  }

  #changes(body) {
    const changes = {}
    for (const field of FIELDS) {
      const before = field === 'helping_question_id' && this.moment[field] != null ? String(this.moment[field]) : this.moment[field]
      if (!sameValue(before, body[field])) changes[field] = body[field]
    }
    return changes
  }

  async save() {
    if (this.busy) return
    this.#clearErrors()
    const body = this.#read()
    const problems = this.#localProblems(body)
    if (problems.length) return this.#showErrors(problems)
    this.busy = true
    this.saveButton.disabled = true
    try {
      const saved = await this.#send(body)
      if (saved) {
        this.onSaved(saved)
        this.status.notice(tr('Moment saved.'))
      }
      this.close()
    } catch (error) {
      this.#refused(error)
    } finally {
      this.busy = false
      this.saveButton.disabled = false
    }
  }

  async #send(body) {
    if (!this.moment) {
      const { data } = await requestJSON(this.createUrl, { method: 'POST', body: { footage_id: this.footageId, ...body } })
      return data
    }
    const changes = this.#changes(body)
    if (!Object.keys(changes).length) return null
    const { data } = await requestJSON(this.momentUrlBase + encodeURIComponent(this.moment.id), {
      method: 'PATCH',
      body: changes,
      ifMatch: this.moment.version,
    })
    return data
  }

  async remove() {
    if (this.busy || !this.moment) return
    this.busy = true
    const moment = this.moment
    try {
      await requestJSON(this.momentUrlBase + encodeURIComponent(moment.id), { method: 'DELETE', ifMatch: moment.version })
      this.onDeleted(moment.id)
      this.status.notice(tr('Moment deleted.'))
      this.close()
    } catch (error) {
      this.#refused(error)
    } finally {
      this.busy = false
    }
  }

  #refused(error) {
    if (error.status === 422 && error.fieldErrors.length) {
      this.#showErrors(error.fieldErrors)
    } else if (error.status === 412 && error.data?.current) {
      this.onSaved(error.data.current)
      this.openExisting(error.data.current)
      this.status.alert(CHANGED_MEANWHILE)
    } else {
      this.status.alert(error.message)
    }
  }

  #showErrors(problems) {
    let first = null
    for (const { field, message } of problems) {
      const known = FIELDS.includes(field) ? field : ''
      const slot = this.form.querySelector(`[data-error-for="${known}"]`)
      slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message
      const control = this.#controlOf(known)
      control?.setAttribute('aria-invalid', 'true')
      first ??= control ?? slot
    }
    if (first && first.focus) first.focus()
  }

  #controlOf(field) {
    const controls = {
      start_s: this.start,
      end_s: this.end,
      principles: this.picker.input,
      kind: this.form.querySelector('#moment-kind-strength'),
      helping_question_id: this.question,
      note: this.note,
    }
    return controls[field] ?? null
  }

  #clearErrors() {
    this.form.querySelectorAll('[data-error-for]').forEach((slot) => {
      slot.textContent = ''
    })
    this.form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'))
  }
}
