// Choosing principle tags: a combobox that filters the vocabulary's levels, elements and aliases
// as one types, and the chosen tags as removable chips (ARIA 1.2 combobox with a listbox).

const MAX_OPTIONS = 30

function entriesOf(vocabulary) {
  const entries = []
  const names = new Map()
  for (const level of vocabulary.levels ?? []) {
    const label = `Level ${level.number}: ${level.name}`
    names.set(level.tag, label)
    entries.push({ tag: level.tag, label, detail: level.tag, words: `${label} ${level.tag}` })
    for (const element of level.elements ?? []) {
      names.set(element.tag, element.name)
      entries.push({
        tag: element.tag,
        label: element.name,
        detail: `level ${level.number} · ${element.tag}`,
        words: `${element.name} ${element.tag} ${level.name}`,
      })
    }
  }
  // An alias is another name (e.g. from an older handbook) for a tag of the vocabulary.
  for (const alias of vocabulary.aliases ?? []) {
    const target = names.get(alias.tag) ?? alias.tag
    entries.push({
      tag: alias.tag,
      label: alias.name,
      detail: `also known as ${target}${alias.source ? ` (${alias.source})` : ''}`,
      words: `${alias.name} ${alias.tag} ${target} ${alias.source ?? ''}`,
    })
  }
  for (const entry of entries) entry.words = entry.words.toLowerCase()
  return { entries, names }
}

export class PrinciplePicker {
  constructor({ input, listbox, chips, onChange = () => {} }) {
    this.input = input
    this.listbox = listbox
    this.chips = chips
    this.onChange = onChange
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
    ;({ entries: this.entries, names: this.names } = entriesOf(vocabulary))
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
      found.push(entry)
      if (found.length === MAX_OPTIONS) break
    }
    return found
  }

  #open() {
    this.shown = this.#matches(this.input.value)
    this.listbox.replaceChildren(
      ...this.shown.map((entry, index) => {
        const li = document.createElement('li')
        li.id = `principle-option-${index}`
        li.setAttribute('role', 'option')
        li.setAttribute('aria-selected', 'false')
        li.dataset.index = String(index)
        const label = document.createElement('span')
        label.textContent = entry.label
        const detail = document.createElement('span')
        detail.className = 'option-detail'
        detail.textContent = entry.detail
        li.append(label, ' ', detail)
        return li
      }),
    )
    if (!this.shown.length) {
      const empty = document.createElement('li')
      empty.className = 'option-empty'
      empty.textContent = this.entries.length ? 'No principle matches.' : 'The vocabulary is not loaded.'
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
        button.setAttribute('aria-label', `Remove ${this.nameOf(tag)}`)
        li.append(name, button)
        return li
      }),
    )
  }
}
