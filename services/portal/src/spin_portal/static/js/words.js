// The page's language for scripts: the page carries the catalog's translations of the scripts'
// messages (#script-words, filled by the portal); a message it lacks is shown in English.
const block = document.getElementById('script-words')
const words = block ? JSON.parse(block.textContent) : {}

// tr('Clip %(number)s of %(count)s', { number: 1, count: 3 }): the same placeholders as Python.
export function tr(message, values = {}) {
  return fill(words[message] || message, values)
}

// One of two messages by a count (`num`), as the catalog's two plural forms say it.
export function trn(singular, plural, num, values = {}) {
  const forms = words[`${singular}\u0004${plural}`]
  const text = forms ? forms[num === 1 ? 0 : 1] : (num === 1 ? singular : plural)
  return fill(text, { num, ...values })
}

// `%(name)s` takes the value, `%%` is a percent sign (as in Python's formatting).
function fill(text, values) {
  return text.replace(/%\((\w+)\)s|%%/g, (match, name) => (name ? String(values[name] ?? '') : '%'))
}
