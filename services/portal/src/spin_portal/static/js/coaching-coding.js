// The supervisor's independent coding of the footage (hidden from the apprentice until both
// finished), "my coding is finished" for either side, and the agreement per principle.
import { clockTime } from './format.js'
import { elements, onSubmit } from './panel-dom.js'
import { requestJSON } from './workspace-api.js'
import { tr } from './words.js'

const figure = (value, digits = 2) => (value === null || value === undefined ? '–' : value.toFixed(digits))
const percent = (value) => (value === null || value === undefined ? '–' : `${Math.round(100 * value)}%`)

export class CoachingCoding {
  constructor({ codingUrl, agreementUrl, root, video, levels, onProblem }) {
    Object.assign(this, { codingUrl, agreementUrl, root, video, onProblem })
    Object.assign(this, elements(root, {
      state: '#coding-state',
      form: '#coded-form',
      list: '#coded-list',
      done: '#coding-done',
      agreement: '#agreement',
      slice: '#agreement-slice',
      error: '#coded-error',
    }))
    const select = root.querySelector('#coded-principle')
    for (const level of levels) select.add(new Option(level.name, level.tag))
    this.names = new Map(levels.map((level) => [level.tag, level.name]))
    onSubmit(this.form, () => this.#code())
    this.form.addEventListener('click', (event) => {
      const target = event.target.closest('[data-coded-now]')
      if (target) this.form.querySelector(`#${target.dataset.codedNow}`).value = this.video.currentTime.toFixed(2)
    })
    this.list.addEventListener('click', (event) => this.#withdraw(event))
    this.done.addEventListener('click', () => this.#finish())
    this.slice.addEventListener('change', () => this.#showAgreement())
    // Outside the panel, above the moment list: the apprentice's moments, hidden from the
    // supervisor while they code blind.
    this.hiddenNotice = document.getElementById('moments-hidden')
    this.hiddenNotice?.querySelector('button').addEventListener('click', () => this.#seeMoments())
  }

  async load() {
    const { data } = await requestJSON(this.codingUrl)
    this.render(data)
  }

  render(coding) {
    this.coding = coding
    const mine = coding.my_role === 'supervisor' ? coding.supervisor_done_at : coding.apprentice_done_at
    const theirs = coding.my_role === 'supervisor' ? coding.apprentice_done_at : coding.supervisor_done_at
        const both = Boolean(mine && theirs)
    this.state.textContent = both
      ? tr('Both codings are finished: the agreement below compares them.')
      : mine
        ? (coding.my_role === 'supervisor' ? tr('Your coding is finished; waiting for the apprentice.') : tr('Your coding is finished; waiting for your supervisor.'))
        : coding.my_role === 'supervisor'
          ? tr('Code this footage on your own: the apprentice sees your moments only once both of you have finished.')
          : tr('Your coding is your moments on this footage. Your supervisor codes it separately; you see their moments once both of you have finished.')
    const closed = Boolean(mine || coding.moments_seen_at)
    this.form.hidden = coding.my_role !== 'supervisor' || closed
    this.done.hidden = Boolean(mine)
    this.list.replaceChildren(...coding.supervisor_moments.map((m) => this.#item(m, !closed)))
    if (this.hiddenNotice) this.hiddenNotice.hidden = !coding.apprentice_moments_hidden
    if (coding.my_role === 'supervisor' && coding.moments_seen_at && !mine) {
      this.state.textContent = tr("You chose to see the apprentice's moments, so your coding of this footage is closed: it would not be independent.")
      this.done.hidden = true
    }
    this.agreement.hidden = !both
    if (both) this.#showAgreement()
  }

  #item(moment, removable) {
    const item = document.createElement('li')
    item.dataset.codedId = moment.id
    item.textContent = `${clockTime(moment.start_s)}–${clockTime(moment.end_s)}: ${moment.principles.map((tag) => this.names.get(tag) ?? tag).join(', ') || tr('no principle')} `
    if (removable && this.coding.my_role === 'supervisor') {
      const remove = document.createElement('button')
      remove.type = 'button'
      remove.dataset.withdraw = moment.id
      remove.textContent = tr('Take back')
      item.appendChild(remove)
    }
    return item
  }

  async #code() {
    this.error.textContent = ''
    const body = {
      start_s: Number(this.form.querySelector('#coded-start').value),
      end_s: Number(this.form.querySelector('#coded-end').value),
      principles: [this.form.querySelector('#coded-principle').value],
    }
    try {
      await requestJSON(`${this.codingUrl}/moments`, { method: 'POST', body })
      await this.load()
    } catch (problem) {
      this.error.textContent = problem.message
    }
  }

  // The planner's refusal of an action is shown where the player shows problems.
  async #attempt(action) {
    try {
      await action()
    } catch (problem) {
      this.onProblem(problem.message)
    }
  }

  #withdraw(event) {
    const target = event.target.closest('[data-withdraw]')
    if (!target) return
    return this.#attempt(async () => {
      await requestJSON(`${this.codingUrl}/moments/${target.dataset.withdraw}/withdraw`, { method: 'POST' })
      await this.load()
    })
  }

  #seeMoments() {
    return this.#attempt(async () => {
      await requestJSON(`${this.codingUrl}/see-apprentice-moments`, { method: 'POST' })
      window.location.reload() // the player lists the moments the planner now shows
    })
  }

  #finish() {
    return this.#attempt(async () => {
      const slice = Number(this.slice.value) || 1
      const { data } = await requestJSON(`${this.codingUrl}/done`, { method: 'POST', body: { slice_s: slice } })
      this.render(data)
    })
  }

  #showAgreement() {
    const slice = Number(this.slice.value)
    const query = Number.isFinite(slice) && slice > 0 ? `?slice_s=${slice}` : ''
    return this.#attempt(async () => {
      const { data } = await requestJSON(`${this.agreementUrl}${query}`)
      const rows = data.figures.map((f) => {
        const row = document.createElement('tr')
        row.dataset.principle = f.principle
        for (const text of [f.principle === 'any' ? tr('Any principle') : f.principle.replaceAll('_', ' '), figure(f.kappa), percent(f.observed), percent(f.overlap)]) {
          const cell = document.createElement('td')
          cell.textContent = text
          row.appendChild(cell)
        }
        const kappa = row.children[1]
        kappa.dataset.kappa = f.kappa === null ? '' : String(f.kappa)
        if (f.kappa === null) {
          // Both raters constant over every slice: chance explains all, so no number.
          kappa.dataset.notComparable = f.not_comparable ?? ''
          const reason = document.createElement('small')
          reason.className = 'not-comparable-reason'
          reason.textContent = f.not_comparable_reason ?? ''
          kappa.replaceChildren(tr('not comparable'), document.createElement('br'), reason)
        }
        return row
      })
      this.agreement.querySelector('tbody').replaceChildren(...rows)
    })
  }
}
