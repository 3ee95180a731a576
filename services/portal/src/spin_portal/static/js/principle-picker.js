// Choosing principle tags: a combobox that filters the vocabulary's levels, elements and aliases
// as one types, and the chosen tags as removable chips (ARIA 1.2 combobox with a listbox).
// The moment panel tags levels, elements or aliases; a feedback plan's principles in focus are
// the six principles (levels) alone, found by their elements' and other names too, and shown
// in groups (those of the chosen moments first).
import { tr } from './words.js'

const MAX_OPTIONS = 30
const VHT = 'vht_basic_communication_1994'

// One entry per principle: its elements and aliases find it, and say why it matched.
function principlesOf(vocabulary) {
  const names = new Map()
  const entries = (vocabulary.levels ?? []).map((level) => {
    const label = tr('Level %(number)s: %(name)s', { number: level.number, name: level.name })
    names.set(level.tag, label)
    const parts = (level.elements ?? []).map((e) => {
      names.set(e.tag, e.name)
      return { words: e.name.toLowerCase(), detail: tr('includes %(name)s', { name: e.name }) }
    })
    for (const alias of vocabulary.aliases ?? []) {
      if (alias.level !== level.tag && alias.tag !== level.tag) continue
      parts.push({ words: alias.name.toLowerCase(), detail: tr('also known as %(name)s', { name: alias.name }) })
    }
    const words = [label, level.tag, ...parts.map((part) => part.words)].join(' ').toLowerCase()
    return { tag: level.tag, label, detail: tr('level %(number)s', { number: level.number }), words, parts }
  })
  return { entries, names }
}

function entriesOf(vocabulary) {
  const entries = []
  const names = new Map()
  for (const level of vocabulary.levels ?? []) {
    const label = tr('Level %(number)s: %(name)s', { number: level.number, name: level.name })
    names.set(level.tag, label)
    entries.push({ tag: level.tag, label, detail: level.tag, words: `${label} ${level.tag}` })
    for (const element of level.elements ?? []) {
      names.set(element.tag, element.name)
      entries.push({
        tag: element.tag,
        label: element.name,
        detail: `${tr('level %(number)s', { number: level.number })} · ${element.tag}`,
        words: `${element.name} ${element.tag} ${level.name}`,
      })
    }
  }
  // An alias is another name (e.g. from an older handbook) for a tag of the vocabulary; where
  // the institute tags with the VHT terms they come first (they store their level's id).
  const aliases = []
  for (const alias of vocabulary.aliases ?? []) {
    // "also known as" the level it stores (its translated or renamed name); a chip of the
    // alias, before the moment is saved as that level, shows the alias's own name.
    const target = names.get(alias.level) ?? alias.level
    names.set(alias.tag, alias.name)
    aliases.push({
      tag: alias.tag,
      label: alias.name,
      detail: alias.source ? tr('also known as %(name)s (%(source)s)', { name: target, source: alias.source }) : tr('also known as %(name)s', { name: target }),
      words: `${alias.name} ${alias.tag} ${target} ${alias.source ?? ''}`,
    })
  }
  const all = vocabulary.vocabulary === VHT ? [...aliases, ...entries] : [...entries, ...aliases]
  for (const entry of all) entry.words = entry.words.toLowerCase()
  return { entries: all, names }
}

// `principlesOnly`: offer the levels alone. `group(entry)`: [order, heading] of the group an
// option is shown in (lower order first), or null for one plain list.
export class PrinciplePicker {
  constructor({ input, listbox, chips, onChange = () => {}, principlesOnly = false, group = null }) {
    this.input = input
    this.listbox = listbox
    this.chips = chips
    this.onChange = onChange
    this.principlesOnly = principlesOnly
    this.group = group
    this.entries = []
    this.names = new Map()
    this.chosen = []
    this.shown = []
    this.active = -1
    input.addEventListener('input', () => this.#open())
    input.addEventListener('focus', () => this.#open())
    input.addEventListener('blur', () => this.close())
    input.addEventListener('keydown', (event) => this.#key(event))
    // mousedown, not click: the input keeps focus, so the list does not close first.
    listbox.addEventListener('mousedown', (event) => {
      const option = event.target.closest('[role="option"]')
      if (!option) return
      event.preventDefault()
      this.#choose(this.shown[Number(option.dataset.index)])
    })
    chips.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-tag]')
      if (button) this.remove(button.dataset.tag)
    })
  }

  setVocabulary(vocabulary) {
    const read = this.principlesOnly ? principlesOf : entriesOf
    ;({ entries: this.entries, names: this.names } = read(vocabulary))
    this.#renderChips()
  }

  nameOf(tag) {
    return this.names.get(tag) ?? tag
  }

  get tags() {
    return [...this.chosen]
  }

  setTags(tags) {
    this.chosen = [...new Set(tags ?? [])]
    this.input.value = ''
    this.close()
    this.#renderChips()
  }

  remove(tag) {
    this.chosen = this.chosen.filter((t) => t !== tag)
    this.#renderChips()
    this.input.focus()
    this.onChange(this.tags)
  }

  close() {
    this.listbox.hidden = true
    this.input.setAttribute('aria-expanded', 'false')
    this.input.removeAttribute('aria-activedescendant')
    this.active = -1
  }

  #matches(query) {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean)
    const seen = new Set(this.chosen)
    const found = []
    for (const entry of this.entries) {
      if (!words.every((word) => entry.words.includes(word))) continue
      const key = `${entry.tag}|${entry.label}`
      if (seen.has(entry.tag) || seen.has(key)) continue
      seen.add(key)
      const part = words.length && entry.parts?.find((p) => words.some((word) => p.words.includes(word)))
      found.push(part ? { ...entry, detail: part.detail } : entry)
      if (found.length === MAX_OPTIONS) break
    }
    if (!this.group) return found
    const order = (entry) => this.group(entry)?.[0] ?? 0
    return found.map((entry, index) => [entry, index])
      .sort(([a, i], [b, j]) => order(a) - order(b) || i - j)
      .map(([entry]) => entry)
  }

  #heading(entry, before) {
    const name = this.group?.(entry)?.[1]
    if (!name || (before && this.group(before)?.[1] === name)) return []
    const li = document.createElement('li')
    li.className = 'option-group'
    li.setAttribute('role', 'presentation')
    li.textContent = name
    return [li]
  }

  #open() {
    this.shown = this.#matches(this.input.value)
    this.listbox.replaceChildren(
      ...this.shown.flatMap((entry, index) => {
        const li = document.createElement('li')
        li.id = `${this.listbox.id}-${index}`
        li.setAttribute('role', 'option')
        li.setAttribute('aria-selected', 'false')
        li.dataset.index = String(index)
        const label = document.createElement('span')
        label.textContent = entry.label
        const detail = document.createElement('span')
        detail.className = 'option-detail'
        detail.textContent = entry.detail
        li.append(label, ' ', detail)
        return [...this.#heading(entry, this.shown[index - 1]), li]
      }),
    )
    if (!this.shown.length) {
      const empty = document.createElement('li')
      empty.className = 'option-empty'
      empty.textContent = this.entries.length ? tr('No principle matches.') : tr('The vocabulary is not loaded.')
      this.listbox.append(empty)
    }
    this.listbox.hidden = false
    this.input.setAttribute('aria-expanded', 'true')
    this.#highlight(this.shown.length && this.input.value ? 0 : -1)
  }

  #highlight(index) {
    const options = this.listbox.querySelectorAll('[role="option"]')
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)))
    this.active = index
    if (index >= 0 && options[index]) {
      this.input.setAttribute('aria-activedescendant', options[index].id)
      options[index].scrollIntoView({ block: 'nearest' })
    } else {
      this.input.removeAttribute('aria-activedescendant')
    }
  }

  #choose(entry) {
    if (!entry) return
    if (!this.chosen.includes(entry.tag)) this.chosen.push(entry.tag)
    this.input.value = ''
    this.#renderChips()
    this.#open()
    this.onChange(this.tags)
  }

  #key(event) {
    const open = !this.listbox.hidden
    const count = this.shown.length
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      if (!open) this.#open()
      else if (count) this.#highlight((this.active + 1) % count)
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      if (open && count) this.#highlight(this.active <= 0 ? count - 1 : this.active - 1)
    } else if (event.key === 'Enter') {
      // Enter picks a tag; it never submits the moment form from this field.
      event.preventDefault()
      if (open && this.active >= 0) this.#choose(this.shown[this.active])
    } else if (event.key === 'Escape' && open) {
      event.preventDefault()
      event.stopPropagation()
      this.close()
    } else if (event.key === 'Backspace' && !this.input.value && this.chosen.length) {
      this.remove(this.chosen[this.chosen.length - 1])
    }
  }

  #renderChips() {
    this.chips.replaceChildren(
      ...this.chosen.map((tag) => {
        const li = document.createElement('li')
        li.className = 'chip'
        const name = document.createElement('span')
        name.textContent = this.nameOf(tag)
        name.title = tag
        const button = document.createElement('button')
        button.type = 'button'
        button.dataset.tag = tag
        button.textContent = '×'
        button.setAttribute('aria-label', tr('Remove %(principle)s', { principle: this.nameOf(tag) }))
        li.append(name, button)
        return li
      }),
    )
  }
}
