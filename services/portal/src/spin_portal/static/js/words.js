// The page's language for scripts: the page carries the catalog's translations of the scripts'
// messages (#script-words, filled by the portal); a message it lacks is shown in English.
const block = document.getElementById('script-words')
const words = block ? JSON.parse(block.textContent) : {}

// tr('Clip %(number)s of %(count)s', { number: 1, count: 3 }): the same placeholders as Python.
export function tr(message, values = {}) {
  const text = words[message] || message
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ''))
}

// One of two messages by a count (`num`); languages with more plural forms get the catalog's.
export function trn(singular, plural, num, values = {}) {
  const forms = words[`${singular}\u0004${plural}`]
  const text = forms ? forms[num === 1 ? 0 : 1] : (num === 1 ? singular : plural)
  return text.replace(/%\((\w+)\)s/g, (_, name) => String({ num, ...values }[name] ?? ''))
}
