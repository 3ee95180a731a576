// The plan builder's principles: the principles in focus (the six levels, those of the chosen
// moments offered first, in the moment panel's picker) and the moment filter by principle.
import { PrinciplePicker } from './principle-picker.js'
import { tr } from './words.js'

const $ = (id) => document.getElementById(id)
export const levelOf = (tag) => tag.split('.')[0]

// `chosenTags()`: the principle tags of the moments in the plan now.
export function focusPicker(chosenTags) {
  return new PrinciplePicker({
    input: $('plan-principle-search'),
    listbox: $('plan-principle-options'),
    chips: $('plan-principle-chips'),
    principlesOnly: true,
    group: (entry) => chosenTags().map(levelOf).includes(entry.tag)
      ? [0, tr('In the chosen moments')]
      : [1, tr('Other principles')],
  })
}

// A principle (any of its elements) or one element the moments carry, each level a group.
export function principleFilter(select, vocabulary, moments) {
  const used = new Set(moments.flatMap((m) => m.principles))
  for (const level of vocabulary.levels ?? []) {
    const group = document.createElement('optgroup')
    group.label = tr('Level %(number)s: %(name)s', { number: level.number, name: level.name })
    group.append(new Option(tr('%(level)s (any element)', { level: level.name }), level.tag))
    for (const element of level.elements ?? []) {
      if (used.has(element.tag)) group.append(new Option(element.name, element.tag))
    }
    select.append(group)
  }
}
